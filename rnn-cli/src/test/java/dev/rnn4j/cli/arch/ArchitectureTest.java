package dev.rnn4j.cli.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module dependency table of DESIGN.md, no cycles, examples on the public API only, Logback
 * and System.out only in the command-line application.
 */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void importAll() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.rnn4j");
  }

  @Test
  void theApiDependsOnNothingElseOfOursNorOnLibraries() {
    noClasses().that().resideInAPackage("dev.rnn4j.api..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.rnn4j.core..", "dev.rnn4j.ops..",
            "dev.rnn4j.tokenizers..", "dev.rnn4j.examples..", "dev.rnn4j.cli..", "org.slf4j..", "com.google.inject..",
            "org.ejml..", "jdk.incubator.vector..", "dev.rnn4j.spark..", "org.apache.spark..")
        .check(classes);
  }

  @Test
  void coreDependsOnlyOnTheApiAndSlf4jAndGuiceOnlyInItsInjectPackage() {
    noClasses().that().resideInAPackage("dev.rnn4j.core..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.rnn4j.ops..",
            "dev.rnn4j.tokenizers..", "dev.rnn4j.examples..", "dev.rnn4j.cli..", "org.ejml..", "jdk.incubator.vector..",
            "ch.qos.logback..", "picocli..", "com.fasterxml..", "dev.rnn4j.spark..", "org.apache.spark..",
            "org.apache.hadoop..", "scala..")
        .check(classes);
    noClasses().that().resideInAPackage("dev.rnn4j.core..")
        .and().resideOutsideOfPackage("dev.rnn4j.core.inject..")
        .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..")
        .check(classes);
  }

  @Test
  void sparkTrainingDependsOnlyOnTheApiTheCoreSparkAndSlf4j() {
    // Hadoop's file system API comes with Spark (provided), for run folders on hdfs:// and the like
    classes().that().resideInAPackage("dev.rnn4j.spark..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.rnn4j.api..", "dev.rnn4j.core..",
            "dev.rnn4j.spark..", "org.apache.spark..", "org.apache.hadoop..", "scala..", "org.slf4j..",
            "java..")
        .check(classes);
    noClasses().that().resideOutsideOfPackages("dev.rnn4j.spark..", "dev.rnn4j.cli..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.rnn4j.spark..", "org.apache.spark..")
        .check(classes);
  }

  @Test
  void theServerDependsOnlyOnTheApiAndTheCoresPublicApiAndNothingButTheCliDependsOnIt() {
    noClasses().that().resideInAPackage("dev.rnn4j.serve..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.rnn4j.ops..",
            "dev.rnn4j.tokenizers..", "dev.rnn4j.examples..", "dev.rnn4j.cli..", "dev.rnn4j.testkit..",
            "dev.rnn4j.core.cell..", "dev.rnn4j.core.ops..", "dev.rnn4j.core.optim..",
            "dev.rnn4j.core.check..", "dev.rnn4j.core.loss..", "ch.qos.logback..", "picocli..",
            "com.google.inject..", "org.ejml..")
        .check(classes);
    noClasses().that().resideOutsideOfPackages("dev.rnn4j.serve..", "dev.rnn4j.cli..")
        .should().dependOnClassesThat().resideInAPackage("dev.rnn4j.serve..")
        .check(classes);
  }

  @Test
  void pluginModulesDependOnlyOnTheApi() {
    noClasses().that().resideInAnyPackage("dev.rnn4j.ops..", "dev.rnn4j.tokenizers..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.rnn4j.core..", "dev.rnn4j.examples..",
            "dev.rnn4j.cli..", "org.slf4j..", "ch.qos.logback..", "com.google.inject..")
        .check(classes);
  }

  @Test
  void theExampleCellUsesThePublicApiOnly() {
    noClasses().that().resideInAPackage("dev.rnn4j.examples.mgu..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.rnn4j.core..", "dev.rnn4j.ops..",
            "dev.rnn4j.tokenizers..", "dev.rnn4j.cli..", "dev.rnn4j.examples.apps..", "org.slf4j..")
        .check(classes);
  }

  @Test
  void theExampleApplicationsUseThePublicApiOnly() {
    noClasses().that().resideInAPackage("dev.rnn4j.examples..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.rnn4j.cli..", "dev.rnn4j.ops..",
            "dev.rnn4j.tokenizers..", "dev.rnn4j.core.cell..", "dev.rnn4j.core.ops..",
            "dev.rnn4j.core.optim..", "dev.rnn4j.core.check..", "dev.rnn4j.core.loss..",
            "ch.qos.logback..", "com.google.inject..")
        .check(classes);
  }

  @Test
  void logbackAndTheCommandLineStayInTheApplication() {
    noClasses().that().resideOutsideOfPackage("dev.rnn4j.cli..")
        .should().dependOnClassesThat().resideInAnyPackage("ch.qos.logback..", "dev.rnn4j.cli..")
        .check(classes);
  }

  @Test
  void ejmlAndTheVectorApiStayInTheirModules() {
    noClasses().that().resideOutsideOfPackage("dev.rnn4j.ops.ejml..")
        .should().dependOnClassesThat().resideInAPackage("org.ejml..")
        .check(classes);
    noClasses().that().resideOutsideOfPackage("dev.rnn4j.ops.simd..")
        .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
        .check(classes);
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.rnn4j.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void onlyTheCommandLineApplicationWritesToTheConsole() {
    noClasses().that().resideOutsideOfPackage("dev.rnn4j.cli..")
        .should().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .check(classes);
  }
}

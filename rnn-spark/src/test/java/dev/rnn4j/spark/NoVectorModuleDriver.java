package dev.rnn4j.spark;

import dev.rnn4j.core.data.TextSource;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunResult;
import dev.rnn4j.core.run.TrainingRun;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * For {@link ExecutorBackendTest}, in a JVM without the vector module: a Spark run ({@code
 * local[2]}) whose executors are told to compute with {@code simd}, as by a driver that has it;
 * prints whether the weights equal a local run's on the backend the executors fall back to.
 */
final class NoVectorModuleDriver {
  private NoVectorModuleDriver() {}

  public static void main(String[] args) {
    RunConfig config = SparkTestContext.config().epochs(1).build();
    RunResult local = TrainingRun.create(config).withoutFolder()
        .text(TextSource.ofLines(SparkTestContext.lines(60, 4))).run();
    try (JavaSparkContext sc = SparkTestContext.start()) {
      RunResult spark = TrainingRun.create(config).withoutFolder()
          .text(TextSource.ofLines(SparkTestContext.lines(60, 4)))
          .gradients(spec -> new SparkGradientEngine(sc, spec.withBackend("simd"), 2)).run();
      System.out.println("weights equal the local scalar run's: "
          + SparkTestContext.sameWeights(local, spark));
    }
  }
}

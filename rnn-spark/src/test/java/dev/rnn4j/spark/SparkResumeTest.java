package dev.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.core.data.TextSource;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunResult;
import dev.rnn4j.core.run.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints of a Spark run are the core's, written through Hadoop's file system API to a
 * {@code file://} run folder: resumable on Spark or locally, to the same weights.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SparkResumeTest {
  static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = SparkTestContext.start();
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.close();
    }
  }

  @Test
  void aSparkRunResumedOnSparkOrLocallyEndsWithTheUninterruptedLocalWeights(@TempDir Path dir)
      throws IOException {
    Path corpus = dir.resolve("corpus.txt");
    Files.write(corpus, SparkTestContext.lines(90, 5));
    RunConfig config = SparkTestContext.config().corpus(corpus.toUri().toString()).epochs(3)
        .checkpointEvery(4).runs(dir.resolve("runs").toUri().toString()).build();
    RunResult uninterrupted = TrainingRun.create(config.toBuilder().corpus(corpus.toString())
        .runs(dir.resolve("local").toString()).build()).run();

    RunResult first = new SparkTraining(sc, 3).create(config.toBuilder().epochs(2).build()).run();
    assertTrue(first.location().startsWith("file:" + dir.resolve("runs").toUri().getPath()),
        first.location());
    Path folder = Path.of(java.net.URI.create(first.location()));
    assertEquals(List.of("checkpoint.safetensors", "config.json", "metrics.csv", "model.safetensors",
        "provenance.json"), list(folder), "the files of a local run, no temporary or checksum file");
    Path copy = dir.resolve("copy");
    copyTree(folder, copy);
    RunResult onSpark = new SparkTraining(sc, 2).resume(first.location(), Map.of("epochs", 3L)).run();
    assertEquals(first.location(), onSpark.location());
    assertEquals(Files.readAllLines(uninterrupted.folder().resolve("metrics.csv")).size(),
        Files.readAllLines(folder.resolve("metrics.csv")).size(), "metrics rows");
    RunResult locally = TrainingRun.resume(copy, Map.of("epochs", 3L), Plugins.defaults())
        .text(TextSource.of(corpus)).run();

    assertTrue(SparkTestContext.sameWeights(uninterrupted, onSpark), "resumed on Spark");
    assertTrue(SparkTestContext.sameWeights(uninterrupted, locally), "resumed locally");
    LanguageModel saved = ModelFile.load(folder.resolve("model.safetensors"), onSpark.model().network().ops(),
        Plugins.defaults());
    List<Parameter> want = uninterrupted.model().network().parameters();
    for (int i = 0; i < want.size(); i++) {
      assertTrue(want.get(i).value().contentEquals(saved.network().parameters().get(i).value()));
    }
    assertEquals(uninterrupted.model().vocabulary().tokens(), saved.vocabulary().tokens());
  }

  private static List<String> list(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().endsWith(".lock")) {
          Files.copy(p, target);
        }
      }
    }
  }
}

package dev.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunResult;
import dev.rnn4j.core.run.TrainingRun;
import dev.rnn4j.core.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark driver killed in the middle of a run (its JVM destroyed, as by {@code kill -9}) is
 * resumed on Spark from the checkpoint in its {@code file://} run folder and ends with the weights
 * of a run never stopped.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DriverKillTest {

  static RunConfig config(String corpus, String runs) {
    return SparkTestContext.config().corpus(corpus).runs(runs).epochs(3).checkpointEvery(3).build();
  }

  @Test
  void aKilledDriverResumesFromItsCheckpointToTheUninterruptedWeights(@TempDir Path dir)
      throws Exception {
    Path corpus = dir.resolve("corpus.txt");
    Files.write(corpus, SparkTestContext.lines(100, 9));
    Path runs = dir.resolve("runs");
    Process driver = ChildJvm.start(dir, KilledDriver.class, null, corpus.toUri().toString(),
        runs.toUri().toString());
    Path checkpoint = null;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (checkpoint == null && System.nanoTime() < deadline && driver.isAlive()) {
        checkpoint = checkpointAfterUpdate(runs, 6);
        Thread.sleep(100);
      }
      assertTrue(checkpoint != null, "no checkpoint after 6 updates; the driver's output ends: "
          + ChildJvm.tail(dir, KilledDriver.class));
    } finally {
      driver.destroyForcibly();
      driver.waitFor(20, TimeUnit.SECONDS);
    }
    Path folder = checkpoint.getParent();
    assertFalse(Files.exists(folder.resolve("model.safetensors")), "the driver was killed before the end");
    long killedAt = Checkpoint.open(checkpoint).step();
    assertTrue(killedAt >= 6, "killed at update " + killedAt);

    RunConfig config = config(corpus.toString(), dir.resolve("local").toString());
    RunResult uninterrupted = TrainingRun.create(config).withoutFolder().run();
    RunResult resumed;
    try (JavaSparkContext sc = SparkTestContext.start()) {
      resumed = new SparkTraining(sc, 3).resume(folder.toUri().toString(), Map.of()).run();
    }
    assertTrue(SparkTestContext.sameWeights(uninterrupted, resumed),
        "resumed from update " + killedAt);
    assertTrue(Files.exists(folder.resolve("model.safetensors")));
  }

  /** @return the checkpoint of the run under {@code runs} once it holds at least {@code updates} */
  private static Path checkpointAfterUpdate(Path runs, long updates) throws Exception {
    if (!Files.isDirectory(runs)) {
      return null;
    }
    try (Stream<Path> folders = Files.list(runs)) {
      for (Path f : (Iterable<Path>) folders::iterator) {
        Path file = f.resolve("checkpoint.safetensors");
        if (Files.isRegularFile(file) && Checkpoint.open(file).step() >= updates) {
          return file; // complete: written to a temporary file and renamed
        }
      }
    }
    return null;
  }
}

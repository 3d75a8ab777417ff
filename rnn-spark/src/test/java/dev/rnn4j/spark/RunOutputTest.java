package dev.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.data.TextSource;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunOutput;
import dev.rnn4j.core.run.RunResult;
import dev.rnn4j.core.run.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core: a run whose folder is kept in a {@link RunOutput}: what is handed over, and when. */
class RunOutputTest {
  private static final List<String> LINES = List.of("the cat sat on the mat", "a dog ran",
      "the sun is red", "a cat and a dog", "on the mat sat a cat", "the dog ran to the sun");

  /** Copies each published file into {@code target}, recording the names in order. */
  static final class Copying implements RunOutput {
    final Path staging;
    final Path target;
    final List<String> published = new ArrayList<>();
    boolean closed;

    Copying(Path staging, Path target) {
      this.staging = staging;
      this.target = target;
    }

    @Override
    public Path staging() {
      return staging;
    }

    @Override
    public String open(Path folder) {
      return "copy:" + folder.getFileName();
    }

    @Override
    public void publish(Path file) {
      published.add(file.getFileName().toString());
      try {
        Files.createDirectories(target);
        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static RunConfig.Builder config() {
    return RunConfig.builder().tokenizer("whitespace").hidden(4).batch(2).epochs(2)
        .checkpointEvery(2).backend("scalar").threads(1).seed(3);
  }

  @Test
  void everyFileIsHandedOverWhenCompleteTheMetricsBeforeEachCheckpoint(@TempDir Path dir)
      throws IOException {
    Copying out = new Copying(dir.resolve("stage"), dir.resolve("out"));
    RunResult r = TrainingRun.create(config().runs("hdfs://nn/runs").build())
        .text(TextSource.ofLines(LINES)).output(out).run();
    assertTrue(out.closed);
    assertEquals(null, r.folder());
    assertTrue(r.location().startsWith("copy:train-"), r.location());
    assertEquals(List.of("config.json", "provenance.json"), out.published.subList(0, 2));
    for (int i = 0; i < out.published.size(); i++) {
      if (out.published.get(i).equals("checkpoint.safetensors")) {
        assertEquals("metrics.csv", out.published.get(i - 1), out.published.toString());
      }
    }
    assertEquals("metrics.csv", out.published.get(out.published.size() - 1));
    assertTrue(out.published.contains("model.safetensors"));
    Path staged;
    try (var folders = Files.list(dir.resolve("stage"))) {
      staged = folders.findFirst().orElseThrow();
    }
    for (String name : List.of("config.json", "provenance.json", "metrics.csv",
        "checkpoint.safetensors", "model.safetensors")) {
      assertArrayEquals(Files.readAllBytes(staged.resolve(name)),
          Files.readAllBytes(dir.resolve("out").resolve(name)), name);
    }
  }

  @Test
  void aLocalRunRefusesARunsAddressBeforeWritingAnything(@TempDir Path dir) {
    RnnException e = assertThrows(RnnException.class, () -> TrainingRun.create(config()
        .runs("hdfs://nn/runs").build()).text(TextSource.ofLines(LINES)).run());
    assertTrue(e.getMessage().contains("hdfs://nn/runs") && e.getMessage().contains("local folder"),
        e.getMessage());
    assertFalse(Files.exists(Path.of("hdfs:")), "no local folder named after the address");
  }
}

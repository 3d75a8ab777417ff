package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.core.run.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real (tiny) training from the command line fills metrics.csv, which plot draws. */
class ReportTrainingTest {
  @Test
  void aRealTrainingFillsMetricsCsvThatPlotDraws(@TempDir Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      lines.add("the cat sat on the mat");
      lines.add("the dog sat on the log");
    }
    Path corpus = Files.write(dir.resolve("corpus.txt"), lines);
    CommandLineTest.Run train = CommandLineTest.run("train", "--corpus", corpus.toString(),
        "--hidden", "8", "--epochs", "4", "--lr", "0.1", "--backend", "scalar",
        "--validation-fraction", "0.2", "--runs", dir.resolve("runs").toString());
    assertEquals(0, train.exit(), train.err());
    Path run;
    try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
      run = s.findFirst().orElseThrow();
    }
    List<MetricsLog.Row> rows = MetricsLog.read(run.resolve(MetricsLog.FILE_NAME));
    List<MetricsLog.Row> epochs = rows.stream().filter(MetricsLog.Row::isEpochSummary).toList();
    assertEquals(4, epochs.size(), rows.toString());
    assertFalse(rows.size() == epochs.size(), "step rows too");
    assertTrue(epochs.get(3).trainLoss() < epochs.get(0).trainLoss(), "the loss falls");
    assertTrue(epochs.stream().allMatch(r -> r.validationLoss() > 0), "validation on every epoch");
    assertTrue(train.out().contains("epoch   4/4  loss/token"), train.out());
    assertTrue(train.out().contains("epoch   4/4  validation loss/token"), train.out());
    CommandLineTest.Run plot = CommandLineTest.run("plot", run.toString());
    assertEquals(0, plot.exit(), plot.err());
    assertEquals(2, plot.out().lines().count());
  }
}

package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.core.run.MetricsLog;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the real {@code plot} and {@code completion} commands. */
class ReportCommandsTest {
  static void writeMetrics(Path runDir, int epochs) {
    try (MetricsLog log = MetricsLog.open(runDir)) {
      for (int e = 1; e <= epochs; e++) {
        log.append(new MetricsLog.Row(e, 5, e * 10L, 4.0 / e, Double.NaN, Double.NaN, Double.NaN, 0.1, 100, e));
        log.append(new MetricsLog.Row(e, MetricsLog.Row.UNKNOWN, e * 20L, 3.0 / e, Double.NaN,
            3.5 / e, Double.NaN, 0.1, 100, e));
      }
    }
  }

  @Test
  void plotDrawsBothChartsAndPrintsTheirPaths(@TempDir Path dir) throws IOException {
    Path run = dir.resolve("run-1");
    writeMetrics(run, 4);
    CommandLineTest.Run r = CommandLineTest.run("plot", run.toString());
    assertEquals(0, r.exit(), r.err());
    List<String> printed = r.out().lines().toList();
    assertEquals(List.of(run.resolve("loss.png").toString(), run.resolve("perplexity.png").toString()), printed);
    for (String p : printed) {
      BufferedImage img = ImageIO.read(Path.of(p).toFile());
      assertEquals(1000, img.getWidth());
      assertEquals(600, img.getHeight());
    }
  }

  @Test
  void plotTakesTheCsvItselfAndASize(@TempDir Path dir) throws IOException {
    writeMetrics(dir, 1);
    CommandLineTest.Run r = CommandLineTest.run("plot", dir.resolve(MetricsLog.FILE_NAME).toString(),
        "--width", "640", "--height", "400");
    assertEquals(0, r.exit(), r.err());
    BufferedImage img = ImageIO.read(dir.resolve("perplexity.png").toFile());
    assertEquals(640, img.getWidth());
    assertEquals(400, img.getHeight());
  }

  @Test
  void plotReportsAMissingFolderOrCsvClearly(@TempDir Path dir) {
    CommandLineTest.Run missing = CommandLineTest.run("plot", dir.resolve("nope").toString());
    assertEquals(1, missing.exit());
    assertTrue(missing.err().contains("does not exist"), missing.err());
    CommandLineTest.Run noCsv = CommandLineTest.run("plot", dir.toString());
    assertEquals(1, noCsv.exit());
    assertTrue(noCsv.err().contains("has no metrics.csv"), noCsv.err());
    assertFalse(noCsv.err().contains("Exception"), noCsv.err());
    assertFalse(Files.exists(dir.resolve("loss.png")));
    CommandLineTest.Run badSize = CommandLineTest.run("plot", dir.toString(), "--width", "10");
    assertEquals(1, badSize.exit());
  }

  @Test
  void plotRejectsAFileThatIsNotAMetricsLog(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(MetricsLog.FILE_NAME), "a,b\n1,2\n");
    CommandLineTest.Run r = CommandLineTest.run("plot", dir.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("not an rnn4j metrics file"), r.err());
  }

  @Test
  void completionPrintsABashScriptKnowingTheSubcommands() {
    CommandLineTest.Run r = CommandLineTest.run("completion");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out().substring(0, 80));
    assertTrue(r.out().contains("complete -F _complete_rnn4j"), "registers the function");
    assertTrue(r.out().contains("plot") && r.out().contains("train") && r.out().contains("completion"));
    assertTrue(r.out().contains("--width"), "knows the options of plot");
  }
}

package dev.rnn4j.cli.report;

import dev.rnn4j.core.run.MetricsLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotRendererTest {
  static final double NAN = Double.NaN;
  static final int TRAIN_BLUE = 0x1f77b4;
  static final int VALIDATION_ORANGE = 0xe66c00;

  static MetricsLog.Row epoch(int e, double train, double val) {
    return new MetricsLog.Row(e, MetricsLog.Row.UNKNOWN, e * 100L, train, NAN, val, NAN, 0.1, 1000, e);
  }

  static List<MetricsLog.Row> run(int epochs) {
    List<MetricsLog.Row> rows = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      for (int s = 10; s <= 40; s += 10) {
        rows.add(new MetricsLog.Row(e, s, e * 100L + s, 5.0 / (e + s / 40.0), NAN, NAN, NAN, 0.1, 1000, e));
      }
      rows.add(epoch(e, 5.0 / e, 5.5 / e));
    }
    return rows;
  }

  @Test
  void writesBothChartsAsDecodablePngsOfTheRequestedSize(@TempDir Path dir) throws IOException {
    List<Path> written = new PlotRenderer(800, 500).render(run(5), dir, "run");
    assertEquals(List.of(dir.resolve(PlotRenderer.LOSS_FILE), dir.resolve(PlotRenderer.PERPLEXITY_FILE)), written);
    for (Path p : written) {
      BufferedImage img = ImageIO.read(p.toFile());
      assertEquals(800, img.getWidth());
      assertEquals(500, img.getHeight());
      assertEquals(0xffffff, img.getRGB(1, 1) & 0xffffff, "white background");
      assertTrue(count(img, TRAIN_BLUE) > 100, "the training curve is drawn");
      assertTrue(count(img, VALIDATION_ORANGE) > 100, "the validation curve is drawn");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(2, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void aSinglePointWithoutValidationIsDrawn() {
    BufferedImage img = new PlotRenderer().lossChart(List.of(epoch(1, 4.2, NAN)), "one");
    assertTrue(count(img, TRAIN_BLUE) > 20, "the point's marker is drawn");
    assertEquals(0, count(img, VALIDATION_ORANGE), "no validation curve");
  }

  @Test
  void hugeNonFiniteAndEmptyInputsRenderWithoutFailing() {
    List<MetricsLog.Row> rows = new ArrayList<>();
    for (int e = 1; e <= 40; e++) {
      rows.add(epoch(e, e < 30 ? 8 - e * 0.2 : Math.pow(10, e - 20), e % 2 == 0 ? NAN : Double.POSITIVE_INFINITY));
    }
    PlotRenderer r = new PlotRenderer();
    BufferedImage ppl = r.perplexityChart(rows, "diverged");
    assertTrue(count(ppl, TRAIN_BLUE) > 100);
    BufferedImage empty = r.lossChart(List.of(), "empty");
    assertEquals(0, count(empty, TRAIN_BLUE));
    assertEquals(PlotRenderer.DEFAULT_WIDTH, empty.getWidth());
  }

  @Test
  void logAxisTicksAreDecadesOverAWideRangeAndOneTwoFiveOverANarrowOne() {
    Axis wide = Axis.log(3, 2e6);
    assertEquals(List.of("1", "10", "100", "1000", "1e4", "1e5", "1e6", "1e7"), wide.labels);
    Axis narrow = Axis.log(3, 80);
    assertEquals(List.of("2", "5", "10", "20", "50", "100"), narrow.labels);
    Axis underOneDecade = Axis.log(1.3, 8.74);
    assertEquals(List.of("1", "1.5", "2", "3", "4", "5", "6", "8", "10"), underOneDecade.labels);
    Axis tight = Axis.log(40, 60);
    assertTrue(tight.ticks.size() >= 3, tight.labels.toString());
    assertFalse(tight.labels.contains("1e2"));
  }

  @Test
  void linearAxisTicksAreNiceAndEpochTicksWhole() {
    Axis y = Axis.linear(1.93, 5.52, true, false);
    assertEquals(List.of("1", "2", "3", "4", "5", "6"), y.labels);
    Axis fine = Axis.linear(2.02, 2.31, true, false);
    assertEquals(List.of("2.00", "2.05", "2.10", "2.15", "2.20", "2.25", "2.30", "2.35"), fine.labels);
    Axis x = Axis.linear(1, 3, false, true);
    assertEquals(List.of("1", "2", "3"), x.labels);
    Axis one = Axis.linear(1, 1, false, true);
    assertEquals(List.of("0", "1", "2"), one.labels);
  }

  static int count(BufferedImage img, int rgb) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }
}

package dev.rnn4j.cli.report;

import dev.rnn4j.core.run.MetricsLog;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.io.AtomicFile;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Draws the charts of a run from its {@link MetricsLog} rows, as PNG files, with plain Java2D:
 *
 * <ul>
 *   <li>{@value #LOSS_FILE}: training and validation loss (nats per token) per epoch, and the
 *       training loss of the logged steps as a thin line when there are step rows;
 *   <li>{@value #PERPLEXITY_FILE}: the same as perplexity, on a logarithmic scale.
 * </ul>
 *
 * <p>The x axis is the epoch; a step row of epoch {@code e} is placed at
 * {@code e - 1 + step / stepsPerEpoch}, where {@code stepsPerEpoch} is the largest step logged in
 * an epoch that has its summary row (or, while the first epoch runs, the largest step so far), so
 * an epoch's summary point sits at the end of its steps. Several summary rows of one epoch are
 * merged, later non-empty cells winning (a validation row may follow the training row).
 *
 * <p>Files are written atomically (a temporary file renamed over the target), so an image viewer
 * refreshing while training runs never shows half an image. Rendering runs headless: the
 * constructor sets {@code java.awt.headless=true} unless the property is already set. Instances
 * are immutable and may be shared.
 */
public final class PlotRenderer {
  /** The loss chart's file name. */
  public static final String LOSS_FILE = "loss.png";
  /** The perplexity chart's file name. */
  public static final String PERPLEXITY_FILE = "perplexity.png";
  /** Default image width in pixels. */
  public static final int DEFAULT_WIDTH = 1000;
  /** Default image height in pixels. */
  public static final int DEFAULT_HEIGHT = 600;

  private static final Color TRAIN = new Color(0x1f, 0x77, 0xb4);
  private static final Color STEPS = new Color(0x1f, 0x77, 0xb4, 0x70);
  private static final Color VALIDATION = new Color(0xe6, 0x6c, 0x00);

  private final int width;
  private final int height;

  /** A renderer of {@link #DEFAULT_WIDTH} by {@link #DEFAULT_HEIGHT} images. */
  public PlotRenderer() {
    this(DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  /**
   * A renderer of images of the given size.
   *
   * @throws IllegalArgumentException when a size is below 200 or above 10000 pixels
   */
  public PlotRenderer(int width, int height) {
    if (width < 200 || height < 200 || width > 10_000 || height > 10_000) {
      throw new IllegalArgumentException("image size must be 200..10000 pixels, got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /**
   * Draws both charts into {@code outDir}, replacing older ones.
   *
   * @param rows the metrics, in file order (not modified); may be empty (the charts say so)
   * @param outDir the folder to write into (created if missing)
   * @param runName shown in the titles (usually the run folder's name)
   * @return the paths written: the loss chart, then the perplexity chart
   * @throws RnnException when a file cannot be written
   */
  public List<Path> render(List<MetricsLog.Row> rows, Path outDir, String runName) {
    Path loss = outDir.resolve(LOSS_FILE);
    Path ppl = outDir.resolve(PERPLEXITY_FILE);
    writePng(lossChart(rows, runName), loss);
    writePng(perplexityChart(rows, runName), ppl);
    return List.of(loss, ppl);
  }

  /** @return the loss chart of {@code rows} (not modified) */
  public BufferedImage lossChart(List<MetricsLog.Row> rows, String runName) {
    Curves c = Curves.of(rows, false);
    Chart chart = new Chart("Loss per token", subtitle(runName, "cross-entropy in nats; lower is better"),
        "epoch", "loss (nats per token)", false);
    add(chart, c);
    return chart.draw(width, height);
  }

  /** @return the perplexity chart of {@code rows} (not modified), log-scale y axis */
  public BufferedImage perplexityChart(List<MetricsLog.Row> rows, String runName) {
    Curves c = Curves.of(rows, true);
    Chart chart = new Chart("Perplexity", subtitle(runName, "exp(loss per token), log scale; lower is better"),
        "epoch", "perplexity", true);
    add(chart, c);
    return chart.draw(width, height);
  }

  private static String subtitle(String runName, String what) {
    return runName == null || runName.isBlank() ? what : runName + " \u00b7 " + what;
  }

  private static void add(Chart chart, Curves c) {
    if (c.stepXs.length > 0) {
      chart.add(new Chart.Series("train, logged steps", STEPS, 1.2f, false, c.stepXs, c.stepYs));
    }
    chart.add(new Chart.Series("train" + last(c.epochXs, c.trainYs), TRAIN, 2.5f, true, c.epochXs, c.trainYs));
    chart.add(new Chart.Series("validation" + last(c.epochXs, c.valYs), VALIDATION, 2.5f, true, c.epochXs, c.valYs));
  }

  /** @return " (epoch E: V)" for the last finite value, or "" */
  private static String last(double[] xs, double[] ys) {
    for (int i = ys.length - 1; i >= 0; i--) {
      if (Double.isFinite(ys[i])) {
        return String.format(Locale.ROOT, "  (epoch %d: %s)", (long) xs[i], Axis.compactLabel(ys[i]));
      }
    }
    return "";
  }

  static void writePng(BufferedImage img, Path target) {
    AtomicFile.write(target, out -> {
      if (!ImageIO.write(img, "png", out)) {
        throw new IOException("this Java runtime has no PNG writer");
      }
    });
  }

  /** The series of a chart, extracted from the rows. */
  private record Curves(double[] epochXs, double[] trainYs, double[] valYs, double[] stepXs, double[] stepYs) {
    static Curves of(List<MetricsLog.Row> rows, boolean perplexity) {
      Map<Integer, double[]> epochs = new TreeMap<>();
      Map<Integer, Long> maxStep = new TreeMap<>();
      for (MetricsLog.Row r : rows) {
        if (r.epoch() == MetricsLog.Row.UNKNOWN) {
          continue;
        }
        if (r.isEpochSummary()) {
          double[] v = epochs.computeIfAbsent(r.epoch(), e -> new double[] {Double.NaN, Double.NaN});
          double train = value(r.trainLoss(), r.trainPerplexity(), perplexity);
          double val = value(r.validationLoss(), r.validationPerplexity(), perplexity);
          v[0] = Double.isNaN(train) ? v[0] : train;
          v[1] = Double.isNaN(val) ? v[1] : val;
        } else {
          maxStep.merge(r.epoch(), r.step(), Math::max);
        }
      }
      long complete = 0;
      for (Map.Entry<Integer, Long> e : maxStep.entrySet()) {
        if (epochs.containsKey(e.getKey())) {
          complete = Math.max(complete, e.getValue());
        }
      }
      List<double[]> steps = new ArrayList<>();
      for (MetricsLog.Row r : rows) {
        if (r.epoch() != MetricsLog.Row.UNKNOWN && !r.isEpochSummary() && r.step() > 0) {
          long perEpoch = Math.max(complete, epochs.containsKey(r.epoch()) ? 0 : maxStep.get(r.epoch()));
          steps.add(new double[] {r.epoch() - 1 + r.step() / (double) perEpoch,
              value(r.trainLoss(), r.trainPerplexity(), perplexity)});
        }
      }
      double[] ex = new double[epochs.size()];
      double[] tr = new double[epochs.size()];
      double[] va = new double[epochs.size()];
      int i = 0;
      for (Map.Entry<Integer, double[]> e : epochs.entrySet()) {
        ex[i] = e.getKey();
        tr[i] = e.getValue()[0];
        va[i++] = e.getValue()[1];
      }
      double[] sx = new double[steps.size()];
      double[] sy = new double[steps.size()];
      for (int k = 0; k < steps.size(); k++) {
        sx[k] = steps.get(k)[0];
        sy[k] = steps.get(k)[1];
      }
      return new Curves(ex, tr, va, sx, sy);
    }

    /** The loss, or the perplexity (the given one, else exp of the loss). */
    private static double value(double loss, double ppl, boolean perplexity) {
      if (!perplexity) {
        return loss;
      }
      return Double.isNaN(ppl) ? Math.exp(loss) : ppl;
    }
  }
}

package dev.rnn4j.cli.report;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.explain.Explanation;
import dev.rnn4j.core.explain.Explanation.LayerStates;
import dev.rnn4j.core.explain.Explanation.StatePart;
import dev.rnn4j.core.io.AtomicFile;
import dev.rnn4j.core.io.Json;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an {@link Explanation} as pictures: per layer and state part a heatmap of the state
 * (units x steps, tokens on the axis), per layer the triangle of gradient norms ‖∂L_t/∂s_k‖ (log
 * colour scale) and the curve of the last step's, all PNG; and one self-contained HTML page with
 * the table and the same views drawn as inline SVG by inline JavaScript (nothing is fetched).
 * Files are replaced atomically. Rendering runs headless (see {@link PlotRenderer}).
 */
public final class ExplainReport {
  /** Prefix of the state heatmaps: {@code states-LAYER-PART.png}. */
  public static final String STATES = "states";
  /** Prefix of the gradient triangles: {@code gradients-LAYER.png}. */
  public static final String GRADIENTS = "gradients";
  /** Prefix of the last step's gradient curves: {@code gradient-last-LAYER.png}. */
  public static final String LAST_STEP = "gradient-last";
  /** The page. */
  public static final String HTML = "explain.html";
  /** The page's script and style: the views the server's page uses too, from rnn-serve's jar. */
  public static final String SCRIPT = "/dev/rnn4j/serve/web/explain-view.js";
  /** See {@link #SCRIPT}. */
  public static final String STYLE = "/dev/rnn4j/serve/web/explain-view.css";

  private final Explanation explanation;
  private final String modelName;

  /** @param modelName shown in titles (a file name, not a path) */
  public ExplainReport(Explanation explanation, String modelName) {
    this.explanation = explanation;
    this.modelName = modelName;
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /**
   * Writes every file into {@code dir} (created if missing).
   *
   * @return the files written, pictures first, the page last
   * @throws RnnException when the folder cannot be created or written
   */
  public List<Path> write(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new RnnException("cannot create the folder " + dir + ": " + e.getMessage(), e);
    }
    List<Path> out = new ArrayList<>();
    String[] tokens = explanation.tokens().toArray(new String[0]);
    for (LayerStates l : explanation.layers()) {
      for (StatePart part : l.parts()) {
        Path f = dir.resolve(STATES + "-" + l.layer() + "-" + part.name() + ".png");
        PlotRenderer.writePng(stateHeatmap(l.layer(), part, tokens).draw(), f);
        out.add(f);
      }
    }
    double[][][] g = explanation.gradients();
    for (int l = 0; g != null && l < g.length; l++) {
      Path f = dir.resolve(GRADIENTS + "-" + l + ".png");
      PlotRenderer.writePng(gradientHeatmap(l, g[l], tokens).draw(), f);
      out.add(f);
      Path c = dir.resolve(LAST_STEP + "-" + l + ".png");
      PlotRenderer.writePng(lastStepChart(l, g[l]).draw(PlotRenderer.DEFAULT_WIDTH,
          PlotRenderer.DEFAULT_HEIGHT), c);
      out.add(c);
    }
    Path page = dir.resolve(HTML);
    String html = html(explanation, "rnn4j explain: " + modelName);
    AtomicFile.write(page, o -> o.write(html.getBytes(StandardCharsets.UTF_8)));
    out.add(page);
    return out;
  }

  Heatmap stateHeatmap(int layer, StatePart part, String[] tokens) {
    double[][] values = part.values();
    int units = values.length == 0 ? 0 : values[0].length;
    double[][] cells = new double[units][values.length];
    for (int t = 0; t < values.length; t++) {
      for (int u = 0; u < units; u++) {
        cells[u][t] = values[t][u];
      }
    }
    return new Heatmap("Layer " + layer + " state " + part.name() + " (" + explanation.cell() + ")",
        modelName + ": each column is the state after reading that token; blue < 0 < red",
        "step (token read)", "unit", cells, tokens, null, false);
  }

  Heatmap gradientHeatmap(int layer, double[][] norms, String[] tokens) {
    double[][] cells = new double[norms.length][tokens.length];
    for (int t = 0; t < norms.length; t++) {
      Arrays.fill(cells[t], Double.NaN);
      System.arraycopy(norms[t], 0, cells[t], 0, norms[t].length);
    }
    return new Heatmap("Gradient back in time, layer " + layer + ": ||dL_t/ds_k||",
        modelName + ": row t = the loss of step t, column k = the state it flows back to (log scale)",
        "k (state after reading this token)", "t (loss of predicting after this token)", cells,
        tokens, tokens, true);
  }

  Chart lastStepChart(int layer, double[][] norms) {
    double[] last = norms[norms.length - 1];
    double[] xs = new double[last.length];
    for (int k = 0; k < xs.length; k++) {
      xs[k] = k;
    }
    return new Chart("Gradient of the last step's loss back in time, layer " + layer,
        modelName + " (" + explanation.cell() + "): ||dL_T/ds_k||, T = " + (last.length - 1),
        "k (step)", "norm (log scale)", true)
        .add(new Chart.Series("||dL_T/ds_k||", new Color(0x1f, 0x77, 0xb4), 2f, true, xs, last));
  }

  /** @return the page: the explanation as JSON and the view script, inline */
  static String html(Explanation e, String title) {
    String json = Json.write(e.toJson()).replace("</", "<\\/");
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>"
        + escape(title) + "</title>\n<style>" + resource(STYLE) + "</style></head>\n<body>\n<h1>"
        + escape(title) + "</h1>\n<div id=\"explain\"></div>\n"
        + "<script type=\"application/json\" id=\"explain-data\">" + json + "</script>\n<script>"
        + resource(SCRIPT) + "\nRnn4jExplain.render(document.getElementById('explain'), "
        + "JSON.parse(document.getElementById('explain-data').textContent));\n</script>\n"
        + "</body></html>\n";
  }

  /** @return the text of a class-path resource ({@link #SCRIPT}, {@link #STYLE}) */
  static String resource(String path) {
    try (InputStream in = ExplainReport.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("the class path lacks " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

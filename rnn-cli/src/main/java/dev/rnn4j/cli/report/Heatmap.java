package dev.rnn4j.cli.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * A heatmap drawn with Java2D: {@code cells[row][column]} as coloured squares, labelled columns
 * (tokens, rotated) and rows, a title and a colour bar. NaN cells stay blank. The colour scale is
 * diverging around zero (blue, white, red; symmetric in the largest magnitude) or sequential on
 * log10 of positive values (dark blue to yellow). Immutable; {@link #draw} may be called often.
 *
 * @param cells {@code [rows][columns]}, not modified
 * @param columnLabels one per column
 * @param rowLabels one per row, or null: row numbers
 */
record Heatmap(String title, String subtitle, String xLabel, String yLabel, double[][] cells,
    String[] columnLabels, String[] rowLabels, boolean logScale) {
  private static final String FONT = Font.SANS_SERIF;
  private static final Color TEXT = new Color(0x22, 0x22, 0x22);
  private static final Color[] SEQUENTIAL = {new Color(0x44, 0x01, 0x54), new Color(0x3b, 0x52, 0x8b),
    new Color(0x21, 0x90, 0x8c), new Color(0x5d, 0xc8, 0x63), new Color(0xfd, 0xe7, 0x25)};

  BufferedImage draw() {
    int rows = cells.length;
    int cols = columnLabels.length;
    int cell = Math.max(4, Math.min(28, 900 / Math.max(cols, rows / 2 + 1)));
    int cellH = Math.max(2, Math.min(cell, 700 / Math.max(1, rows)));
    Font font = new Font(FONT, Font.PLAIN, 13);
    int left = 110;
    int top = 70;
    int bottom = 120;
    int right = 130;
    int width = left + cols * cell + right;
    int height = top + rows * cellH + bottom;
    BufferedImage img = new BufferedImage(Math.max(900, width), Math.max(300, height),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      double[] range = range();
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          double v = cells[r][c];
          if (Double.isNaN(v) || (logScale && !(v > 0))) {
            continue;
          }
          g.setColor(color(v, range));
          g.fillRect(left + c * cell, top + r * cellH, cell, cellH);
        }
      }
      labels(g, font, left, top, cell, cellH, rows, cols);
      colorBar(g, font, left + cols * cell + 30, top, Math.max(120, rows * cellH), range);
    } finally {
      g.dispose();
    }
    return img;
  }

  private void labels(Graphics2D g, Font font, int left, int top, int cell, int cellH, int rows,
      int cols) {
    g.setColor(TEXT);
    g.setFont(new Font(FONT, Font.BOLD, 18));
    g.drawString(title, 16, 28);
    g.setFont(font);
    g.drawString(subtitle, 16, 50);
    FontMetrics fm = g.getFontMetrics();
    int colStep = Math.max(1, (fm.getHeight() + cell - 1) / cell);
    AffineTransform saved = g.getTransform();
    for (int c = 0; c < cols; c += colStep) {
      int x = left + c * cell + cell / 2 + fm.getAscent() / 2;
      int y = top + rows * cellH + 6;
      g.translate(x, y);
      g.rotate(Math.PI / 2);
      g.drawString(shorten(columnLabels[c]), 0, 0);
      g.setTransform(saved);
    }
    int rowStep = Math.max(1, (fm.getHeight() + cellH - 1) / cellH);
    for (int r = 0; r < rows; r += rowStep) {
      String label = rowLabels == null ? String.valueOf(r) : shorten(rowLabels[r]);
      g.drawString(label, left - 6 - fm.stringWidth(label), top + r * cellH + cellH / 2 + fm.getAscent() / 2 - 1);
    }
    g.drawString(xLabel, left, top + rows * cellH + 110);
    g.translate(20, top + rows * cellH / 2 + 20);
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, 0, 0);
    g.setTransform(saved);
  }

  private void colorBar(Graphics2D g, Font font, int x, int y, int h, double[] range) {
    for (int i = 0; i < h; i++) {
      double f = 1 - i / (double) (h - 1);
      double v = logScale ? Math.pow(10, range[0] + f * (range[1] - range[0])) : range[0] + f * (range[1] - range[0]);
      g.setColor(color(v, range));
      g.fillRect(x, y + i, 16, 1);
    }
    g.setColor(TEXT);
    g.setFont(font);
    g.drawString(barLabel(range[1]), x + 22, y + 10);
    g.drawString(barLabel(range[0]), x + 22, y + h);
  }

  private String barLabel(double v) {
    return logScale ? String.format(Locale.ROOT, "%.1e", Math.pow(10, v)) : String.format(Locale.ROOT, "%.3g", v);
  }

  /** @return {min, max}: of log10 for a log scale, else {-m, m} for the largest magnitude m */
  private double[] range() {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] row : cells) {
      for (double v : row) {
        if (logScale && v > 0 && Double.isFinite(v)) {
          lo = Math.min(lo, Math.log10(v));
          hi = Math.max(hi, Math.log10(v));
        } else if (!logScale && Double.isFinite(v)) {
          hi = Math.max(hi, Math.abs(v));
        }
      }
    }
    if (!logScale) {
      double m = hi > 0 ? hi : 1;
      return new double[] {-m, m};
    }
    if (lo > hi) {
      return new double[] {0, 1};
    }
    return lo == hi ? new double[] {lo - 1, hi} : new double[] {lo, hi};
  }

  private Color color(double v, double[] range) {
    if (!logScale) {
      double f = Math.max(-1, Math.min(1, v / range[1]));
      int fade = (int) Math.round(255 * (1 - Math.abs(f)));
      return f >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
    }
    double f = (Math.log10(v) - range[0]) / (range[1] - range[0]);
    f = Math.max(0, Math.min(1, f)) * (SEQUENTIAL.length - 1);
    int i = Math.min(SEQUENTIAL.length - 2, (int) f);
    double u = f - i;
    Color a = SEQUENTIAL[i];
    Color b = SEQUENTIAL[i + 1];
    return new Color(mix(a.getRed(), b.getRed(), u), mix(a.getGreen(), b.getGreen(), u),
        mix(a.getBlue(), b.getBlue(), u));
  }

  private static int mix(int a, int b, double u) {
    return (int) Math.round(a + (b - a) * u);
  }

  private static String shorten(String s) {
    return s.length() <= 14 ? s : s.substring(0, 13) + "…";
  }
}

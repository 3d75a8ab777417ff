package dev.rnn4j.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart drawn with Java2D onto a white image: title, axes with ticks and labels, grid,
 * legend, any number of series. Points that the axis cannot show (NaN, infinite, not positive on
 * a log axis) are skipped and break the line. Build it, add series, then {@link #draw} once.
 */
final class Chart {
  /** One line of the chart; {@code xs} and {@code ys} have the same length and are not modified. */
  record Series(String name, Color color, float width, boolean markers, double[] xs, double[] ys) {}

  private static final Color TEXT = new Color(0x22, 0x22, 0x22);
  private static final Color MUTED = new Color(0x55, 0x55, 0x55);
  private static final Color GRID = new Color(0xe4, 0xe4, 0xe4);
  private static final Color MINOR_GRID = new Color(0xf1, 0xf1, 0xf1);
  private static final Color FRAME = new Color(0x88, 0x88, 0x88);
  private static final String FONT = Font.SANS_SERIF;
  private static final int MAX_MARKED_POINTS = 60;

  private final String title;
  private final String subtitle;
  private final String xLabel;
  private final String yLabel;
  private final boolean logY;
  private final List<Series> series = new ArrayList<>();

  Chart(String title, String subtitle, String xLabel, String yLabel, boolean logY) {
    this.title = title;
    this.subtitle = subtitle;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logY = logY;
  }

  Chart add(Series s) {
    series.add(s);
    return this;
  }

  BufferedImage draw(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      drawInto(g, width, height);
    } finally {
      g.dispose();
    }
    return img;
  }

  private void drawInto(Graphics2D g, int width, int height) {
    float scale = Math.max(0.75f, Math.min(width / 1000f, height / 600f));
    Font titleFont = new Font(FONT, Font.BOLD, Math.round(22 * scale));
    Font subtitleFont = new Font(FONT, Font.PLAIN, Math.round(14 * scale));
    Font labelFont = new Font(FONT, Font.PLAIN, Math.round(16 * scale));
    Font tickFont = new Font(FONT, Font.PLAIN, Math.round(14 * scale));
    Font legendFont = new Font(FONT, Font.PLAIN, Math.round(14 * scale));

    List<Series> visible = visibleSeries();
    Axis x = xAxis(visible);
    Axis y = yAxis(visible);

    FontMetrics tm = g.getFontMetrics(tickFont);
    FontMetrics lm = g.getFontMetrics(labelFont);
    int tickLabelWidth = 0;
    for (String l : y.labels) {
      tickLabelWidth = Math.max(tickLabelWidth, tm.stringWidth(l));
    }
    int pad = Math.round(14 * scale);
    int top = pad + g.getFontMetrics(titleFont).getHeight()
        + (subtitle.isEmpty() ? 0 : g.getFontMetrics(subtitleFont).getHeight()) + pad;
    int left = pad + lm.getHeight() + pad / 2 + tickLabelWidth + pad / 2 + 6;
    int bottom = pad + lm.getHeight() + pad / 2 + tm.getHeight() + 6;
    int right = Math.round(28 * scale);
    Plot p = new Plot(left, top, width - left - right, height - top - bottom, Math.round(8 * scale));

    drawTitle(g, titleFont, subtitleFont, width, pad);
    drawGrid(g, p, x, y);
    drawTicks(g, tickFont, p, x, y);
    drawAxisLabels(g, labelFont, p, width, height, pad);
    if (visible.isEmpty()) {
      g.setFont(labelFont);
      g.setColor(MUTED);
      String msg = "no data yet";
      g.drawString(msg, p.x + (p.w - lm.stringWidth(msg)) / 2, p.y + p.h / 2);
    }
    Shape clip = g.getClip();
    g.clipRect(p.x - 1, p.y - 1, p.w + 2, p.h + 2);
    for (Series s : visible) {
      drawSeries(g, p, x, y, s, scale);
    }
    g.setClip(clip);
    g.setColor(FRAME);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(p.x, p.y, p.w, p.h);
    drawLegend(g, legendFont, p, x, y, visible, scale);
  }

  /** The plot rectangle in pixels; data is mapped inside it, {@code inset} pixels from the frame. */
  private record Plot(int x, int y, int w, int h, int inset) {
    double px(Axis a, double v) {
      return x + inset + a.fraction(v) * (w - 2.0 * inset);
    }

    double py(Axis a, double v) {
      return y + h - inset - a.fraction(v) * (h - 2.0 * inset);
    }
  }

  private List<Series> visibleSeries() {
    List<Series> out = new ArrayList<>();
    for (Series s : series) {
      for (int i = 0; i < s.xs().length; i++) {
        if (Double.isFinite(s.xs()[i]) && (logY ? s.ys()[i] > 0 : true) && Double.isFinite(s.ys()[i])) {
          out.add(s);
          break;
        }
      }
    }
    return out;
  }

  private static Axis xAxis(List<Series> visible) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Series s : visible) {
      for (double v : s.xs()) {
        if (Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    return visible.isEmpty() ? Axis.linear(1, 10, false, true) : Axis.linear(min, max, false, true);
  }

  private Axis yAxis(List<Series> visible) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Series s : visible) {
      for (int i = 0; i < s.ys().length; i++) {
        double v = s.ys()[i];
        if (Double.isFinite(v) && Double.isFinite(s.xs()[i]) && (!logY || v > 0)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (visible.isEmpty()) {
      return logY ? Axis.log(1, 100) : Axis.linear(0, 1, true, false);
    }
    return logY ? Axis.log(min, max) : Axis.linear(min, max, true, false);
  }

  private void drawTitle(Graphics2D g, Font titleFont, Font subtitleFont, int width, int pad) {
    g.setColor(TEXT);
    g.setFont(titleFont);
    FontMetrics fm = g.getFontMetrics();
    int y = pad + fm.getAscent();
    g.drawString(title, (width - fm.stringWidth(title)) / 2, y);
    if (!subtitle.isEmpty()) {
      g.setFont(subtitleFont);
      g.setColor(MUTED);
      FontMetrics sm = g.getFontMetrics();
      g.drawString(subtitle, (width - sm.stringWidth(subtitle)) / 2, y + fm.getDescent() + sm.getAscent() + 2);
    }
  }

  private static void drawGrid(Graphics2D g, Plot p, Axis x, Axis y) {
    g.setStroke(new BasicStroke(1f));
    g.setColor(MINOR_GRID);
    for (double t : y.minorTicks) {
      double py = p.py(y, t);
      g.draw(new Line2D.Double(p.x, py, p.x + p.w, py));
    }
    g.setColor(GRID);
    for (double t : y.ticks) {
      double py = p.py(y, t);
      g.draw(new Line2D.Double(p.x, py, p.x + p.w, py));
    }
    for (double t : x.ticks) {
      double px = p.px(x, t);
      g.draw(new Line2D.Double(px, p.y, px, p.y + p.h));
    }
  }

  private static void drawTicks(Graphics2D g, Font tickFont, Plot p, Axis x, Axis y) {
    g.setFont(tickFont);
    FontMetrics fm = g.getFontMetrics();
    g.setStroke(new BasicStroke(1f));
    for (int i = 0; i < y.ticks.size(); i++) {
      double py = p.py(y, y.ticks.get(i));
      g.setColor(FRAME);
      g.draw(new Line2D.Double(p.x - 5, py, p.x, py));
      g.setColor(TEXT);
      String l = y.labels.get(i);
      g.drawString(l, p.x - 8 - fm.stringWidth(l), (float) (py + fm.getAscent() / 2.0 - 2));
    }
    for (int i = 0; i < x.ticks.size(); i++) {
      double px = p.px(x, x.ticks.get(i));
      g.setColor(FRAME);
      g.draw(new Line2D.Double(px, p.y + p.h, px, p.y + p.h + 5));
      g.setColor(TEXT);
      String l = x.labels.get(i);
      g.drawString(l, (float) (px - fm.stringWidth(l) / 2.0), p.y + p.h + 7 + fm.getAscent());
    }
  }

  private void drawAxisLabels(Graphics2D g, Font labelFont, Plot p, int width, int height, int pad) {
    g.setFont(labelFont);
    g.setColor(TEXT);
    FontMetrics fm = g.getFontMetrics();
    g.drawString(xLabel, p.x + (p.w - fm.stringWidth(xLabel)) / 2, height - pad - fm.getDescent());
    AffineTransform saved = g.getTransform();
    g.translate(pad + fm.getAscent(), p.y + (p.h + fm.stringWidth(yLabel)) / 2.0);
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, 0, 0);
    g.setTransform(saved);
  }

  private static void drawSeries(Graphics2D g, Plot p, Axis x, Axis y, Series s, float scale) {
    g.setColor(s.color());
    g.setStroke(new BasicStroke(s.width() * scale, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    Path2D.Double path = new Path2D.Double();
    boolean pen = false;
    int shown = 0;
    for (int i = 0; i < s.xs().length; i++) {
      if (!x.accepts(s.xs()[i]) || !y.accepts(s.ys()[i])) {
        pen = false;
        continue;
      }
      shown++;
      double px = p.px(x, s.xs()[i]);
      double py = p.py(y, s.ys()[i]);
      if (pen) {
        path.lineTo(px, py);
      } else {
        path.moveTo(px, py);
        pen = true;
      }
    }
    g.draw(path);
    if (s.markers() && shown <= MAX_MARKED_POINTS || shown == 1) {
      double r = 4 * scale;
      for (int i = 0; i < s.xs().length; i++) {
        if (x.accepts(s.xs()[i]) && y.accepts(s.ys()[i])) {
          Ellipse2D dot = new Ellipse2D.Double(p.px(x, s.xs()[i]) - r, p.py(y, s.ys()[i]) - r, 2 * r, 2 * r);
          g.setColor(Color.WHITE);
          g.fill(dot);
          g.setColor(s.color());
          g.setStroke(new BasicStroke(2f * scale));
          g.draw(dot);
        }
      }
    }
  }

  /** The top-left corner, among the plot's four, where the legend box hides the fewest points. */
  private static int[] quietestCorner(Plot p, Axis x, Axis y, List<Series> visible, int w, int h, int pad) {
    int[][] corners = {
      {p.x + p.w - w - pad, p.y + pad}, {p.x + pad, p.y + pad},
      {p.x + p.w - w - pad, p.y + p.h - h - pad}, {p.x + pad, p.y + p.h - h - pad}};
    int[] best = corners[0];
    long fewest = Long.MAX_VALUE;
    for (int[] c : corners) {
      long hidden = 0;
      for (Series s : visible) {
        for (int i = 0; i < s.xs().length; i++) {
          if (x.accepts(s.xs()[i]) && y.accepts(s.ys()[i])) {
            double px = p.px(x, s.xs()[i]);
            double py = p.py(y, s.ys()[i]);
            if (px >= c[0] - pad && px <= c[0] + w + pad && py >= c[1] - pad && py <= c[1] + h + pad) {
              hidden += s.markers() ? 4 : 1;
            }
          }
        }
      }
      if (hidden < fewest) {
        fewest = hidden;
        best = c;
      }
    }
    return best;
  }

  private static void drawLegend(Graphics2D g, Font font, Plot p, Axis x, Axis y, List<Series> visible,
      float scale) {
    if (visible.isEmpty()) {
      return;
    }
    g.setFont(font);
    FontMetrics fm = g.getFontMetrics();
    int line = fm.getHeight() + 2;
    int swatch = Math.round(26 * scale);
    int textWidth = 0;
    for (Series s : visible) {
      textWidth = Math.max(textWidth, fm.stringWidth(s.name()));
    }
    int pad = Math.round(10 * scale);
    int w = pad + swatch + pad / 2 + textWidth + pad;
    int h = pad + line * visible.size() + pad / 2;
    int[] corner = quietestCorner(p, x, y, visible, w, h, pad);
    int bx = corner[0];
    int by = corner[1];
    g.setColor(new Color(255, 255, 255, 225));
    g.fillRoundRect(bx, by, w, h, 8, 8);
    g.setColor(GRID.darker());
    g.setStroke(new BasicStroke(1f));
    g.drawRoundRect(bx, by, w, h, 8, 8);
    for (int i = 0; i < visible.size(); i++) {
      Series s = visible.get(i);
      int cy = by + pad + line * i + line / 2;
      g.setColor(s.color());
      g.setStroke(new BasicStroke(Math.max(s.width(), 1.5f) * scale, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(new Line2D.Double(bx + pad, cy, bx + pad + swatch, cy));
      g.setColor(TEXT);
      g.drawString(s.name(), bx + pad + swatch + pad / 2, cy + fm.getAscent() / 2 - 2);
    }
  }
}

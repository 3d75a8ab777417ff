package dev.rnn4j.cli.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The range, ticks and tick labels of one chart axis, linear or logarithmic, computed from the
 * finite data values (and, for a log axis, only the positive ones). Immutable.
 */
final class Axis {
  private static final int MAX_TICKS = 40;

  final boolean log;
  /** Bounds in axis space: the value for a linear axis, log10 of it for a log axis. */
  final double lo;
  final double hi;
  final List<Double> ticks;
  final List<String> labels;
  /** Unlabelled ticks (values), drawn as faint grid lines; log axes only. */
  final List<Double> minorTicks;

  private Axis(boolean log, double lo, double hi, List<Double> ticks, List<String> labels,
      List<Double> minorTicks) {
    this.log = log;
    this.lo = lo;
    this.hi = hi;
    this.ticks = ticks;
    this.labels = labels;
    this.minorTicks = minorTicks;
  }

  /** @return the fraction 0..1 of the axis length at which {@code value} lies (may be outside) */
  double fraction(double value) {
    double v = log ? Math.log10(value) : value;
    return (v - lo) / (hi - lo);
  }

  /** @return whether the axis can show {@code value} at all (finite; positive on a log axis) */
  boolean accepts(double value) {
    return Double.isFinite(value) && (!log || value > 0);
  }

  /**
   * A linear axis over {@code [min, max]}.
   *
   * @param niceBounds extend the bounds to the outer ticks (for a y axis)
   * @param integerTicks ticks at whole numbers only (epochs), unless the range is below 2
   */
  static Axis linear(double min, double max, boolean niceBounds, boolean integerTicks) {
    if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
      min = 0;
      max = 1;
    }
    if (max - min <= Math.abs(max) * 1e-12 || max == min) {
      double pad = integerTicks ? 1 : Math.max(Math.abs(min) * 0.1, 1e-3);
      min -= pad;
      max += pad;
    }
    double range = max - min;
    if (!Double.isFinite(range)) {
      return new Axis(false, min, max, List.of(), List.of(), List.of());
    }
    double step = niceStep(range / (integerTicks ? 8 : 7));
    if (integerTicks && range >= 2) {
      step = Math.max(1, step);
      min = Math.floor(min);
      max = Math.ceil(max);
    }
    double lo = niceBounds ? Math.floor(min / step) * step : min;
    double hi = niceBounds ? Math.ceil(max / step) * step : max;
    List<Double> ticks = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    long first = (long) Math.ceil(lo / step - 1e-9);
    for (long i = first; ticks.size() < MAX_TICKS; i++) {
      double t = i * step;
      if (t > hi + step * 1e-9) {
        break;
      }
      ticks.add(t);
      labels.add(linearLabel(t, step));
    }
    return new Axis(false, lo, hi, ticks, labels, List.of());
  }

  /** Mantissas of log-axis ticks, from sparse to dense; the sparsest giving 4 ticks is used. */
  private static final double[][] LOG_MANTISSAS = {
    {1, 2, 5}, {1, 2, 3, 5}, {1, 1.5, 2, 3, 4, 5, 6, 8}, {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9}};

  /**
   * A logarithmic (base 10) axis over {@code [min, max]}, both positive: ticks at every k-th
   * decade over a wide range, at 1-2-5 (or denser) multiples over a few decades, and at evenly
   * spaced values over a narrow one.
   */
  static Axis log(double min, double max) {
    if (!(min > 0) || !(min <= max) || !Double.isFinite(max)) {
      min = 1;
      max = 10;
    }
    double lo = Math.log10(min);
    double hi = Math.log10(max);
    if (hi - lo < 1e-9) {
      lo -= 0.25;
      hi += 0.25;
    }
    double span = hi - lo;
    if (span > 3) {
      int every = (int) Math.ceil(span / 8);
      lo = Math.floor(lo / every) * every;
      hi = Math.ceil(hi / every) * every;
      List<Double> ticks = new ArrayList<>();
      List<Double> minor = new ArrayList<>();
      for (int d = (int) lo; d <= (int) hi && ticks.size() < MAX_TICKS; d++) {
        if (Math.floorMod(d, every) == 0) {
          ticks.add(Math.pow(10, d));
        }
        for (int m = 2; m <= 9 && every == 1 && span <= 6 && d < (int) hi; m++) {
          minor.add(m * Math.pow(10, d));
        }
      }
      return logAxis(lo, hi, ticks, minor);
    }
    for (double[] mantissas : LOG_MANTISSAS) {
      if (mantissaTicks(mantissas, lo, hi).size() >= 4) {
        double a = Math.log10(outerTick(Math.pow(10, lo), mantissas, false));
        double b = Math.log10(outerTick(Math.pow(10, hi), mantissas, true));
        List<Double> minor = mantissas.length == 3
            ? mantissaTicks(new double[] {3, 4, 6, 7, 8, 9}, a, b) : List.of();
        return logAxis(a, b, mantissaTicks(mantissas, a, b), minor);
      }
    }
    double pad = span * 0.06;
    lo -= pad;
    hi += pad;
    double a = Math.pow(10, lo);
    double b = Math.pow(10, hi);
    double step = niceStep((b - a) / 6);
    List<Double> ticks = new ArrayList<>();
    for (long i = (long) Math.ceil(a / step); ticks.size() < MAX_TICKS && i * step <= b; i++) {
      if (i * step > 0) {
        ticks.add(i * step);
      }
    }
    return logAxis(lo, hi, ticks, List.of());
  }

  private static Axis logAxis(double lo, double hi, List<Double> ticks, List<Double> minor) {
    List<String> labels = new ArrayList<>();
    for (double t : ticks) {
      labels.add(compactLabel(t));
    }
    return new Axis(true, lo, hi, ticks, labels, minor);
  }

  /** The values {@code m * 10^d} with {@code log10} in {@code [lo, hi]}, ascending. */
  private static List<Double> mantissaTicks(double[] mantissas, double lo, double hi) {
    List<Double> ticks = new ArrayList<>();
    for (int d = (int) Math.floor(lo) - 1; d <= (int) Math.ceil(hi) && ticks.size() < MAX_TICKS; d++) {
      for (double m : mantissas) {
        double v = m * Math.pow(10, d);
        double lv = Math.log10(v);
        if (lv >= lo - 1e-9 && lv <= hi + 1e-9) {
          ticks.add(v);
        }
      }
    }
    return ticks;
  }

  /** The nearest tick of the form {@code m * 10^d} at or below (or above) {@code v}. */
  private static double outerTick(double v, double[] mantissas, boolean up) {
    int d = (int) Math.floor(Math.log10(v));
    double best = up ? Math.pow(10, d + 1) : Math.pow(10, d);
    for (int e = d; e <= d + 1; e++) {
      for (double m : mantissas) {
        double t = m * Math.pow(10, e);
        if (up && t >= v * (1 - 1e-12) && t < best) {
          best = t;
        }
        if (!up && t <= v * (1 + 1e-12) && t > best) {
          best = t;
        }
      }
    }
    return best;
  }

  /** @return 1, 2 or 5 times a power of ten, the nearest at or above {@code raw} */
  static double niceStep(double raw) {
    if (!(raw > 0) || !Double.isFinite(raw)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    double m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }

  static String linearLabel(double v, double step) {
    if (Math.abs(v) < step * 1e-9) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 1e5 || a < 1e-3) {
      return compactLabel(v);
    }
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** Up to 4 significant digits; values from 10^4 up or below 10^-3 as {@code 1.5e6}. */
  static String compactLabel(double v) {
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    BigDecimal d = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros();
    if (a >= 1e4 || a < 1e-3) {
      int exp = d.precision() - d.scale() - 1;
      BigDecimal mant = d.movePointLeft(exp).stripTrailingZeros();
      return mant.toPlainString() + "e" + exp;
    }
    return d.toPlainString();
  }
}

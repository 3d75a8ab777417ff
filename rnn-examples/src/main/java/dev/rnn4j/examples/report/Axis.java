package dev.rnn4j.examples.report;

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

  /** A logarithmic (base 10) axis over {@code [min, max]}, both positive. */
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
    List<Double> ticks = new ArrayList<>();
    List<Double> minor = new ArrayList<>();
    if (span <= 1) {
      double pad = span * 0.06;
      lo -= pad;
      hi += pad;
      double a = Math.pow(10, lo);
      double b = Math.pow(10, hi);
      double step = niceStep((b - a) / 6);
      for (long i = (long) Math.ceil(a / step); ticks.size() < MAX_TICKS && i * step <= b; i++) {
        if (i * step > 0) {
          ticks.add(i * step);
        }
      }
    } else {
      int[] mantissas = span <= 3 ? new int[] {1, 2, 5} : new int[] {1};
      int every = span <= 3 ? 1 : (int) Math.ceil(span / 8);
      int d0 = (int) Math.floor(lo);
      int d1 = (int) Math.ceil(hi);
      if (every == 1) {
        lo = Math.log10(outerTick(Math.pow(10, lo), mantissas, false));
        hi = Math.log10(outerTick(Math.pow(10, hi), mantissas, true));
      } else {
        lo = Math.floor(lo / every) * every;
        hi = Math.ceil(hi / every) * every;
      }
      for (int d = d0; d <= d1 && ticks.size() < MAX_TICKS; d++) {
        for (int m = 1; m <= 9; m++) {
          double v = m * Math.pow(10, d);
          double lv = Math.log10(v);
          if (lv < lo - 1e-9 || lv > hi + 1e-9) {
            continue;
          }
          boolean major = contains(mantissas, m) && Math.floorMod(d, every) == 0;
          if (major) {
            ticks.add(v);
          } else if (span <= 6 && every == 1) {
            minor.add(v);
          }
        }
      }
    }
    List<String> labels = new ArrayList<>();
    for (double t : ticks) {
      labels.add(compactLabel(t));
    }
    return new Axis(true, lo, hi, ticks, labels, minor);
  }

  private static boolean contains(int[] values, int v) {
    for (int x : values) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  /** The nearest 1-2-5 (or 1) tick below or above {@code v}. */
  private static double outerTick(double v, int[] mantissas, boolean up) {
    int d = (int) Math.floor(Math.log10(v));
    double best = up ? Math.pow(10, d + 1) : Math.pow(10, d);
    for (int e = d; e <= d + 1; e++) {
      for (int m : mantissas) {
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

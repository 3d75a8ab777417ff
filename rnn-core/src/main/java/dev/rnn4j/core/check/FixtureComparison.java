package dev.rnn4j.core.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares the output of {@link ReferenceComputation} with a reference fixture, field by field,
 * with the fixture's own metric: {@code max_abs(a - b) / max(max_abs(a), max_abs(b))} per tensor.
 */
public final class FixtureComparison {
  /** The fields compared: every quantity a fixture records. */
  public static final List<String> FIELDS = List.of(
      "loss", "loss_per_step", "states", "logits", "probs", "grads", "params_after_sgd");

  private FixtureComparison() {}

  /**
   * @return one line per field (or sub-field, as {@code grads.U}) whose relative error exceeds
   *     {@code tolerance}, or whose shape differs; empty when everything matches
   */
  public static List<String> compare(Map<String, Object> fixture, Map<String, Object> ours,
      double tolerance) {
    List<String> failures = new ArrayList<>();
    for (String f : FIELDS) {
      Object expected = fixture.get(f);
      Object actual = ours.get(f);
      if (expected instanceof Map) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) expected).entrySet()) {
          check(f + "." + e.getKey(), e.getValue(), ((Map<?, ?>) actual).get(e.getKey()), tolerance,
              failures);
        }
      } else {
        check(f, expected, actual, tolerance, failures);
      }
    }
    return failures;
  }

  /** @return the relative error of two equally shaped numbers or nested lists */
  public static double relativeError(Object expected, Object actual) {
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    flatten(expected, a);
    flatten(actual, b);
    if (a.size() != b.size()) {
      return Double.POSITIVE_INFINITY;
    }
    double maxDiff = 0;
    double maxA = 0;
    double maxB = 0;
    for (int i = 0; i < a.size(); i++) {
      maxDiff = Math.max(maxDiff, Math.abs(a.get(i) - b.get(i)));
      maxA = Math.max(maxA, Math.abs(a.get(i)));
      maxB = Math.max(maxB, Math.abs(b.get(i)));
    }
    double scale = Math.max(maxA, maxB);
    return scale == 0 ? maxDiff : maxDiff / scale;
  }

  private static void check(String name, Object expected, Object actual, double tolerance,
      List<String> failures) {
    if (actual == null) {
      failures.add(name + ": missing");
      return;
    }
    double err = relativeError(expected, actual);
    if (!(err <= tolerance)) {
      failures.add(name + ": relative error " + err + " > " + tolerance);
    }
  }

  private static void flatten(Object o, List<Double> out) {
    if (o instanceof Number) {
      out.add(((Number) o).doubleValue());
    } else if (o instanceof List) {
      for (Object e : (List<?>) o) {
        flatten(e, out);
      }
    }
  }
}

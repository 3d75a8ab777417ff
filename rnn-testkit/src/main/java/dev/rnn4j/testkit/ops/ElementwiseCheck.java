package dev.rnn4j.testkit.ops;

import static dev.rnn4j.testkit.ops.KitChecks.assertAllClose;
import static dev.rnn4j.testkit.ops.KitChecks.withLarge;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
import java.util.Random;

/** The kit's checks of the element-wise ops {@code clip}, {@code flushBelow} and {@code argmax}. */
final class ElementwiseCheck {
  private ElementwiseCheck() {}

  /** clip: exactly the reference's values. */
  static void clip(TensorOps ops, TensorOps ref, DType dtype, int[] sizes) {
    for (int n : withLarge(sizes)) {
      Random rnd = new Random(n * 19L);
      Tensor x = Tensor.zeros(dtype, n + 6);
      for (int i = 0; i < x.size(); i++) {
        x.set(i, (rnd.nextDouble() - 0.5) * 6);
      }
      Tensor xRef = x.copy();
      Tensor xOps = x.copy();
      ref.clip(n, -1.25, 0.8, xRef, 3);
      ops.clip(n, -1.25, 0.8, xOps, 3);
      assertAllClose(xRef, xOps, 0, 0, dtype, "clip " + dtype + " n=" + n);
    }
  }

  /**
   * flushBelow: the non-zero elements below the bound in magnitude (subnormal numbers among them)
   * become +0, bit for bit; zeros keep their sign, and NaN, infinities, the bound itself and
   * everything larger are untouched, as is everything outside the range.
   */
  static void flushBelow(TensorOps ops, DType dtype, int[] sizes) {
    double tiny = 0x1p-100;
    double subnormal = dtype == DType.F32 ? Float.MIN_VALUE * 3.0 : Double.MIN_VALUE * 3;
    double[] kinds = {0.5, -0.0, 0.0, tiny, -tiny, tiny * 0.75, -tiny * 0.5, subnormal,
        -subnormal, 1e-35, Double.NaN, Double.POSITIVE_INFINITY, -3, 1e-20};
    int[] all = java.util.Arrays.copyOf(withLarge(sizes), withLarge(sizes).length + 1);
    all[all.length - 1] = 40009; // large enough for a backend to split it over threads
    for (int n : all) {
      Random rnd = new Random(n * 29L);
      Tensor x = Tensor.zeros(dtype, n + 5);
      for (int i = 0; i < x.size(); i++) {
        x.set(i, kinds[rnd.nextInt(kinds.length)] * (rnd.nextBoolean() ? 1 : 0.999));
      }
      Tensor before = x.copy();
      ops.flushBelow(n, tiny, x, 2);
      for (int i = 0; i < x.size(); i++) {
        double v = before.get(i);
        boolean flushed = i >= 2 && i < n + 2 && v != 0 && Math.abs(v) < tiny;
        double want = flushed ? 0.0 : v;
        assertEquals(bits(dtype, want), bits(dtype, x.get(i)),
            "flushBelow " + dtype + " n=" + n + " at " + i + " of " + v);
      }
    }
  }

  private static long bits(DType dtype, double v) {
    return dtype == DType.F32 ? Float.floatToRawIntBits((float) v) : Double.doubleToRawLongBits(v);
  }

  /** argmax: the reference's index, the first of equal maxima, nothing past the end seen. */
  static void argmaxFirstMaximum(TensorOps ops, TensorOps ref, DType dtype, int[] sizes) {
    for (int n : withLarge(sizes)) {
      Random rnd = new Random(n * 23L);
      Tensor x = Tensor.zeros(dtype, n + 4);
      for (int i = 0; i < x.size(); i++) {
        x.set(i, rnd.nextInt(50) - 60);
      }
      x.set(n + 3, 100); // past the end: must not be seen
      if (n > 4) {
        x.set(2 + n / 2, 5);
        x.set(2 + n - 1, 5);
      }
      assertEquals(ref.argmax(n, x, 2), ops.argmax(n, x, 2), "argmax " + dtype + " n=" + n);
    }
    Tensor first = Tensor.zeros(dtype, 40);
    first.set(17, 3);
    first.set(33, 3);
    assertEquals(15, ops.argmax(38, first, 2), "argmax must return the first of equal maxima");
  }

  /** argmax with a NaN at the start, middle or end: the reference's index. */
  static void argmaxWithNan(TensorOps ops, TensorOps ref, DType dtype) {
    // the reference keeps the first element while nothing compares greater: a NaN there wins,
    // a NaN anywhere else is never greater
    for (int n : new int[] {1, 3, 17, 40, 1021}) {
      for (int nanAt : new int[] {0, n / 2, n - 1}) {
        Tensor x = Tensor.zeros(dtype, n + 2);
        Random rnd = new Random(n * 31L + nanAt);
        for (int i = 0; i < x.size(); i++) {
          x.set(i, rnd.nextGaussian());
        }
        x.set(2 + nanAt, Double.NaN);
        assertEquals(ref.argmax(n, x, 2), ops.argmax(n, x, 2),
            "argmax " + dtype + " n=" + n + " NaN at " + nanAt);
      }
    }
  }
}

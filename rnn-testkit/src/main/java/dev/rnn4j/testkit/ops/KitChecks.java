package dev.rnn4j.testkit.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import java.util.Random;

/** Sizes, random data, tolerances and assertions shared by the TensorOps kit's checks. */
final class KitChecks {
  private KitChecks() {}

  static int[] withLarge(int[] sizes) {
    int[] all = java.util.Arrays.copyOf(sizes, sizes.length + 2);
    all[sizes.length] = 4099;
    all[sizes.length + 1] = 10007;
    return all;
  }

  /** @return the unit roundoff of the dtype: 2^-24 for float32, 2^-53 for float64 */
  static double unitRoundoff(DType dtype) {
    return dtype == DType.F32 ? 0x1p-24 : 0x1p-53;
  }

  static double tiny(DType dtype) {
    return dtype == DType.F32 ? 1e-30 : 1e-300;
  }

  static Tensor randomTensor(DType dtype, Random rnd, int size) {
    Tensor t = Tensor.zeros(dtype, size);
    for (int i = 0; i < size; i++) {
      t.set(i, rnd.nextDouble() * 2 - 1);
    }
    return t;
  }

  static void assertClose(double expected, double actual, double tol, String what,
      String where) {
    boolean ok = expected == actual
        || (Double.isNaN(expected) && Double.isNaN(actual))
        || Math.abs(expected - actual) <= tol;
    if (!ok) {
      fail(what + ": at [" + where + "] expected " + expected + " but was " + actual
          + " (difference " + Math.abs(expected - actual) + ", tolerance " + tol + ")");
    }
  }

  static void assertAllClose(Tensor expected, Tensor actual, double rtol, double atol,
      DType dtype, String what) {
    assertEquals(dtype, actual.dtype(), what + ": dtype");
    for (int i = 0; i < expected.size(); i++) {
      double e = expected.get(i);
      assertClose(e, actual.get(i), rtol * Math.abs(e) + atol, what, String.valueOf(i));
    }
  }
}

package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The vectorised tanh against {@link Math#tanh} on a dense grid over [-20, 20] (every lane goes
 * through the vector body: the lengths are multiples of the vector width), within the maximum
 * error stated in the Javadoc of {@code DoubleExp}.
 */
class SimdTanhAccuracyTest {
  private static final int N = 1 << 18;
  private final WorkerPool pool = new WorkerPool(1);

  @Test
  void float64TanhIsWithinTwoUlpOfOneOfMathTanh() {
    double[] x = new double[N];
    double[] y = new double[N];
    for (int i = 0; i < N; i++) {
      x[i] = -20 + 40.0 * i / (N - 1);
    }
    x[0] = 1e-300;
    x[1] = -3e-9;
    new DoubleSimdKernels(pool).activate(dev.rnn4j.api.ops.Activation.TANH, N, x, 0, y, 0);
    double maxAbs = 0;
    double maxRel = 0;
    for (int i = 0; i < N; i++) {
      double ref = Math.tanh(x[i]);
      maxAbs = Math.max(maxAbs, Math.abs(y[i] - ref));
      maxRel = Math.max(maxRel, Math.abs(y[i] - ref) / Math.abs(ref));
    }
    System.getLogger(getClass().getName()).log(System.Logger.Level.INFO,
        "float64 tanh: max abs error " + maxAbs + ", max rel error " + maxRel);
    assertTrue(maxAbs <= 4.5e-16, "max abs error " + maxAbs);
    assertTrue(maxRel <= 6.7e-16, "max relative error " + maxRel);
  }

  @Test
  void float32TanhIsWithinTwoUlpOfOneOfMathTanh() {
    float[] x = new float[N];
    float[] y = new float[N];
    for (int i = 0; i < N; i++) {
      x[i] = (float) (-20 + 40.0 * i / (N - 1));
    }
    x[0] = 1e-30f;
    x[1] = -3e-9f;
    new FloatSimdKernels(pool).activate(dev.rnn4j.api.ops.Activation.TANH, N, x, 0, y, 0);
    double maxAbs = 0;
    double maxRel = 0;
    for (int i = 0; i < N; i++) {
      double ref = Math.tanh(x[i]);
      maxAbs = Math.max(maxAbs, Math.abs(y[i] - ref));
      maxRel = Math.max(maxRel, Math.abs(y[i] - ref) / Math.abs(ref));
    }
    System.getLogger(getClass().getName()).log(System.Logger.Level.INFO,
        "float32 tanh: max abs error " + maxAbs + ", max rel error " + maxRel);
    assertTrue(maxAbs <= 1.2e-7, "max abs error " + maxAbs);
    assertTrue(maxRel <= 2.5e-7, "max relative error " + maxRel);
  }
}

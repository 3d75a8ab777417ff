package dev.rnn4j.ops.simd;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.ops.scalar.PanelMatrix;
import jdk.incubator.vector.FloatVector;

/**
 * Compiles a {@link FloatArgmaxScreen}'s kernels before its copy of a real matrix is used, for
 * the {@code background} policy of {@link ScreenedPanels}, which then times the copy against the
 * plain path on the picks' own inputs.
 */
final class ScreenWarmUp {
  private static final int L = FloatVector.SPECIES_PREFERRED.length();
  /**
   * Calls that take the JIT through its tiers to the compiled kernels (C2 compiles a method after
   * some thousands of calls or tens of thousands of loop iterations; each call here runs 64
   * iterations per panel).
   */
  static final int CALLS = 20_000;
  private static final long MAX_NANOS = 3_000_000_000L;

  private ScreenWarmUp() {}

  /** Whether {@link #compileKernels} has run in this JVM. */
  private static volatile boolean compiled;

  /**
   * Runs the screen's argmax {@link #CALLS} times on a small private matrix (261 x 64, 65 KB), at
   * most 3 seconds, once per JVM: about 30 ms once compiled. Small, so that it takes no memory
   * bandwidth from the generation it overlaps. Whether the JIT has finished is left to the
   * picks' trials, which time the real copy again later when it is not yet faster.
   */
  static void compileKernels(FloatSimdKernels kernels) {
    if (compiled) {
      return;
    }
    int rows = 16 * L + 5; // a partial last panel, as most real matrices have: no deoptimization
    int cols = 64;
    Tensor a = Tensor.zeros(DType.F32, rows * cols);
    for (int i = 0; i < a.size(); i++) {
      a.set(i, ((i * 7919) % 201 - 100) / 400.0);
    }
    FloatArgmaxScreen small = FloatArgmaxScreen.of(
        PanelMatrix.pack(false, a, 0, cols, rows, cols, 4 * L, null), kernels);
    float[] x = new float[cols];
    float[] b = new float[rows];
    float[] y = new float[rows];
    int[] noneExcluded = new int[0];
    long end = System.nanoTime() + MAX_NANOS;
    for (int call = 0; call < CALLS && System.nanoTime() < end; call++) {
      for (int j = 0; j < cols; j++) {
        x[j] = ((j * 31 + call * 17) % 64 - 32) / 32f; // in [-1, 1), a new x each call
      }
      small.argmax(x, 0, b, 0, noneExcluded, y, 0);
    }
    compiled = true;
  }
}

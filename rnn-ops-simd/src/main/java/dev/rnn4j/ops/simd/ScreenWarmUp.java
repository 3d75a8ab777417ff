package dev.rnn4j.ops.simd;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.ops.scalar.PanelMatrix;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Brings a {@link FloatArgmaxScreen} into use only when it pays on this machine, for the {@code
 * background} policy of {@link ScreenedPanels}: its kernels compiled by the JIT on a small matrix
 * first, then timed against the plain path on the real one.
 */
final class ScreenWarmUp {
  private static final int L = FloatVector.SPECIES_PREFERRED.length();

  private ScreenWarmUp() {}

  /** Whether {@link #compileKernels} has run in this JVM. */
  private static volatile boolean compiled;

  /**
   * Runs the screen's kernels on a small private matrix (261 x 64, 65 KB) until the JIT has
   * compiled them: until the median of the last 9 calls takes at most 1.5 times the plain path on
   * the same matrix (whose kernels the generation so far has compiled), after at least 3,000 calls,
   * at most 10 seconds. Once per JVM. Small, so that it takes no memory bandwidth from the
   * generation it overlaps.
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
    long end = System.nanoTime() + 10_000_000_000L;
    for (int round = 0; System.nanoTime() < end; round++) {
      if (round >= 3000 / 9 && screenedToPlain(small, 9) <= 1.5) {
        break;
      }
    }
    compiled = true;
  }

  /**
   * Runs {@link FloatArgmaxScreen#argmax} and the plain path (packed product, bias, argmax) by
   * turns, 9 each, on private data; again every half second while the JIT may still be at work,
   * at most 10 times.
   *
   * @return the screen once the median screened call takes at most 0.8 times the plain one, else
   *     null (then keep the plain path)
   */
  static FloatArgmaxScreen fasterThanPlain(FloatArgmaxScreen screen)
      throws InterruptedException {
    for (int attempt = 1; attempt < 10; attempt++) {
      if (screenedToPlain(screen, 9) <= 0.8) {
        return screen;
      }
      Thread.sleep(500);
    }
    return screenedToPlain(screen, 9) <= 0.8 ? screen : null;
  }

  /**
   * @return the median time of {@code turns} screened calls over that of as many calls of the
   *     plain path, taken by turns on private data
   */
  private static double screenedToPlain(FloatArgmaxScreen screen, int turns) {
    PanelMatrix exact = screen.exact();
    FloatSimdKernels kernels = screen.kernels();
    int rows = exact.rows();
    int cols = exact.cols();
    float[] x = new float[cols];
    float[] b = new float[rows];
    float[] y = new float[rows];
    float[] a = exact.data().f32();
    long[] screened = new long[turns];
    long[] plain = new long[turns];
    for (int turn = 0; turn < turns; turn++) {
      for (int j = 0; j < cols; j++) {
        x[j] = ((j * 31 + turn * 17) % 64 - 32) / 32f; // in [-1, 1), a new x each turn
      }
      long start = System.nanoTime();
      screen.argmax(x, 0, b, 0, new int[0], y, 0);
      long middle = System.nanoTime();
      kernels.gemvPacked(rows, cols, 4 * L, 1, a, exact.start(), x, 0, 0, y, 0);
      kernels.addRowVector(1, rows, b, 0, y, 0);
      kernels.argmax(rows, y, 0);
      screened[turn] = middle - start;
      plain[turn] = System.nanoTime() - middle;
    }
    return (double) median(screened) / Math.max(1, median(plain));
  }

  private static long median(long[] times) {
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}

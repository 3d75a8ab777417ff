// TEMPLATE: the float version (FloatGemmTwins) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleGemmShapes.L;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MR;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MR_W;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NR;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NR_W;

/**
 * Exact twins of the GEMM micro-kernels ({@link DoubleMicroKernels}, {@link DoubleWideKernels},
 * {@link DoubleNtKernels}): plain loops without the Vector API that give the same bits, run
 * instead of them with {@code -Drnn4j.simd.twins=always} (see {@link KernelSwitch}). Each element of a tile
 * is computed by the chain its vector lane computes: a start (0, or {@code beta * C} for a full
 * tile read from C), then {@code acc = fma(a, b, acc)} over the depth in order, then the same
 * store ({@code alpha * acc + beta * C} for a tile that goes through the buffer). Elements do not
 * depend on each other, so the loops run depth-outer, columns-inner. The interpreter and C1 run
 * them without allocating (about 3x the vector kernels' speed before C2 has compiled them), but
 * C2 does not vectorize them: compiled, they run 20-60x slower than the vector kernels.
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleGemmTwins {
  private DoubleGemmTwins() {}

  /** Twin of {@link DoubleMicroKernels#tile6x2} (and, with width L, never from C, of tile6x1). */
  static void tile(int kc, double[] a, int ai, int rowStep, int depthStep, double[] b, int bi,
      int bStep, double[] c, int ci, int ldc, int rows, int cols, double alpha, double beta,
      boolean full, double[] tile) {
    int w = NR;
    start(tile, w, c, ci, ldc, rows, cols, beta, full);
    for (int p = 0, off = 0; p < kc; p++, off += depthStep, bi += bStep) {
      for (int r = 0; r < rows; r++) {
        row(a[ai + r * rowStep + off], b, bi, tile, r * w, cols);
      }
    }
    finish(tile, w, c, ci, ldc, rows, cols, alpha, beta, full);
  }

  /** Twin of {@link DoubleMicroKernels#tile6x2}: full when from C and of MR x NR. */
  static void tile6x2(int kc, double[] a, int ai, int rowStep, int depthStep, double[] b, int bi,
      int bStep, double[] c, int ci, int ldc, int rows, int cols, double alpha, double beta,
      boolean fromC, double[] tile) {
    boolean full = fromC && rows == MR && cols == NR;
    tile(kc, a, ai, rowStep, depthStep, b, bi, bStep, c, ci, ldc, rows, cols, alpha, beta, full,
        tile);
  }

  /** Twin of {@link DoubleMicroKernels#tile6x2Packed}. */
  static void tile6x2Packed(int kc, double[] ap, int ai, double[] b, int bi, int bStep,
      double[] c, int ci, int ldc, int rows, int cols, double beta, double[] tile) {
    boolean full = rows == MR && cols == NR;
    tile(kc, ap, ai, 1, MR, b, bi, bStep, c, ci, ldc, rows, cols, 1, beta, full, tile);
  }

  /** Twin of {@link DoubleWideKernels#tile6x4Packed}: a partial tile stores acc + beta * C. */
  static void tile6x4Packed(int kc, double[] ap, int ai, double[] bp, int bi,
      double[] c, int ci, int ldc, int rows, int cols, double beta, double[] tile) {
    int w = NR_W;
    boolean full = rows == MR_W && cols == NR_W;
    start(tile, w, c, ci, ldc, rows, cols, beta, full);
    for (int p = 0; p < kc; p++, ai += MR_W, bi += NR_W) {
      for (int r = 0; r < rows; r++) {
        row(ap[ai + r], bp, bi, tile, r * w, cols);
      }
    }
    if (full) {
      store(tile, w, c, ci, ldc, rows, cols);
      return;
    }
    for (int r = 0; r < rows; r++) {
      int row = ci + r * ldc;
      for (int j = 0; j < cols; j++) {
        double v = tile[r * w + j];
        c[row + j] = beta == 0 ? v : v + beta * c[row + j];
      }
    }
  }

  /**
   * Twin of {@link DoubleNtKernels}' ntKernel1/2/3 with {@code panels} panels: tile[t + r * w +
   * q] = sum_p B[row r][p] * ap[p * w + q], w = panels * L, for the {@code rows} rows used.
   */
  static void ntKernel(int panels, int kc, double[] ap, double[] b, int bi, int ldb, int rows,
      double[] tile, int t) {
    int w = panels * L;
    java.util.Arrays.fill(tile, t, t + rows * w, (double) 0);
    for (int p = 0; p < kc; p++) {
      for (int r = 0; r < rows; r++) {
        row(b[bi + r * ldb + p], ap, p * w, tile, t + r * w, w);
      }
    }
  }

  /**
   * Twin of {@code DoubleGemmFewRows.writeTileTransposed}: C[q][r] = alpha * tile[r * w + q] +
   * beta * C[q][r] (beta 0: old C ignored).
   */
  static void writeTileTransposed(double[] tile, int w, double[] c, int ci, int ldc, int cRows,
      int cCols, double alpha, double beta) {
    for (int q = 0; q < cRows; q++) {
      int row = ci + q * ldc;
      for (int r = 0; r < cCols; r++) {
        double v = alpha * tile[r * w + q];
        c[row + r] = beta == 0 ? v : beta * c[row + r] + v;
      }
    }
  }

  /** acc[t + j] = fma(x, b[bi + j], acc[t + j]) for j &lt; n: one step of depth of one row. */
  private static void row(double x, double[] b, int bi, double[] acc, int t, int n) {
    for (int j = 0; j < n; j++) {
      acc[t + j] = Math.fma(x, b[bi + j], acc[t + j]);
    }
  }

  /** The accumulators' start: {@code beta * C} (C itself when beta is 1) when full, else 0. */
  private static void start(double[] tile, int w, double[] c, int ci, int ldc, int rows,
      int cols, double beta, boolean full) {
    for (int r = 0; r < rows; r++) {
      int row = ci + r * ldc;
      for (int j = 0; j < cols; j++) {
        tile[r * w + j] = !full || beta == 0 ? 0 : beta == 1 ? c[row + j] : c[row + j] * beta;
      }
    }
  }

  /** Full: the sums are C; otherwise C = alpha * sums + beta * C (beta 0: old C ignored). */
  private static void finish(double[] tile, int w, double[] c, int ci, int ldc, int rows,
      int cols, double alpha, double beta, boolean full) {
    if (full) {
      store(tile, w, c, ci, ldc, rows, cols);
      return;
    }
    for (int r = 0; r < rows; r++) {
      int row = ci + r * ldc;
      for (int j = 0; j < cols; j++) {
        double v = alpha * tile[r * w + j];
        c[row + j] = beta == 0 ? v : beta * c[row + j] + v;
      }
    }
  }

  private static void store(double[] tile, int w, double[] c, int ci, int ldc, int rows,
      int cols) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(tile, r * w, c, ci + r * ldc, cols);
    }
  }
}

// TEMPLATE: the float version (FloatTiles) is generated from this file in the build.
package dev.rnn4j.ops.simd;

/**
 * The GEMM micro-kernels as the drivers call them: the vector kernel, or its exact twin ({@link
 * DoubleGemmTwins}) when {@link KernelSwitch#GEMM_VECTOR} is false.
 */
final class DoubleTiles {
  private DoubleTiles() {}

  /** See {@link DoubleMicroKernels#tile6x2}. */
  static void tile6x2(int kc, double[] a, int ai, int rowStep, int depthStep, double[] b, int bi,
      int bStep, double[] c, int ci, int ldc, int rows, int cols, double alpha, double beta,
      boolean fromC, double[] tile) {
    if (KernelSwitch.GEMM_VECTOR) {
      DoubleMicroKernels.tile6x2(kc, a, ai, rowStep, depthStep, b, bi, bStep, c, ci, ldc, rows,
          cols, alpha, beta, fromC, tile);
    } else {
      DoubleGemmTwins.tile6x2(kc, a, ai, rowStep, depthStep, b, bi, bStep, c, ci, ldc, rows,
          cols, alpha, beta, fromC, tile);
    }
  }

  /** See {@link DoubleMicroKernels#tile6x2Packed}. */
  static void tile6x2Packed(int kc, double[] ap, int ai, double[] b, int bi, int bStep,
      double[] c, int ci, int ldc, int rows, int cols, double beta, double[] tile) {
    if (KernelSwitch.GEMM_VECTOR) {
      DoubleMicroKernels.tile6x2Packed(kc, ap, ai, b, bi, bStep, c, ci, ldc, rows, cols, beta,
          tile);
    } else {
      DoubleGemmTwins.tile6x2Packed(kc, ap, ai, b, bi, bStep, c, ci, ldc, rows, cols, beta, tile);
    }
  }

  /** See {@link DoubleMicroKernels#tile6x1}. */
  static void tile6x1(int kc, double[] a, int ai, int rowStep, int depthStep, double[] b, int bi,
      int bStep, double[] c, int ci, int ldc, int rows, int cols, double alpha, double beta,
      double[] tile) {
    if (KernelSwitch.GEMM_VECTOR) {
      DoubleMicroKernels.tile6x1(kc, a, ai, rowStep, depthStep, b, bi, bStep, c, ci, ldc, rows,
          cols, alpha, beta, tile);
    } else {
      DoubleGemmTwins.tile(kc, a, ai, rowStep, depthStep, b, bi, bStep, c, ci, ldc, rows, cols,
          alpha, beta, false, tile);
    }
  }

  /** See {@link DoubleMicroKernels#tile5x2}. */
  static void tile5x2(int kc, double[] a, int ai, int lda, double[] bp, int bi, int bStep,
      double[] c, int ci, int ldc, double alpha, double beta, double[] tile) {
    if (KernelSwitch.GEMM_VECTOR) {
      DoubleMicroKernels.tile5x2(kc, a, ai, lda, bp, bi, bStep, c, ci, ldc, alpha, beta, tile);
    } else {
      DoubleGemmTwins.tile(kc, a, ai, lda, 1, bp, bi, bStep, c, ci, ldc, 5, DoubleGemmShapes.NR,
          alpha, beta, false, tile);
    }
  }

  /** See {@link DoubleWideKernels#tile6x4Packed}. */
  static void tile6x4Packed(int kc, double[] ap, int ai, double[] bp, int bi, double[] c, int ci,
      int ldc, int rows, int cols, double beta, double[] tile) {
    if (KernelSwitch.GEMM_VECTOR) {
      DoubleWideKernels.tile6x4Packed(kc, ap, ai, bp, bi, c, ci, ldc, rows, cols, beta, tile);
    } else {
      DoubleGemmTwins.tile6x4Packed(kc, ap, ai, bp, bi, c, ci, ldc, rows, cols, beta, tile);
    }
  }

  /** See {@link DoubleNtKernels}: {@code panels} (1 to 3) selects ntKernel1, 2 or 3. */
  static void ntKernel(int panels, int kc, double[] ap, double[] b, int bi, int ldb, int rows,
      double[] tile, int t) {
    if (!KernelSwitch.GEMM_VECTOR) {
      DoubleGemmTwins.ntKernel(panels, kc, ap, b, bi, ldb, rows, tile, t);
    } else if (panels == 1) {
      DoubleNtKernels.ntKernel1(kc, ap, b, bi, ldb, rows, tile, t);
    } else if (panels == 2) {
      DoubleNtKernels.ntKernel2(kc, ap, b, bi, ldb, rows, tile, t);
    } else {
      DoubleNtKernels.ntKernel3(kc, ap, b, bi, ldb, rows, tile, t);
    }
  }
}

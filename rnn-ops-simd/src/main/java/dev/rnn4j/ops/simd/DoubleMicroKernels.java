// TEMPLATE: the float version (FloatMicroKernels) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleGemmShapes.L;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MR;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NR;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.S;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The register-blocked micro-kernels of {@link DoubleGemmBlocked}: one tile of C (at most {@code
 * MR x NR}) from a strip of op(A) and a panel of B, and {@link #writeTile}.
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleMicroKernels {
  private DoubleMicroKernels() {}

  /**
   * C tile (rows x cols, at most MR x NR) = alpha * (packed A panel x B panel) + beta * C (beta 0:
   * old C ignored), the B panel's rows {@code bStep} apart: NR in a packed panel, ldb when B is
   * read in place.
   */
  static void microKernel(int kc, double[] ap, int ai, double[] bp, int bi, int bStep,
      double[] c, int ci, int ldc, int rows, int cols, double beta, double[] tile) {
    // A full tile starts from beta * C and is stored straight back (alpha is in the packed A):
    // with a short depth (dV = dO^T S over one sequence) the round trip through the tile buffer
    // is a sizeable share of the kernel.
    boolean full = rows == MR && cols == NR;
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c30 = c00;
    DoubleVector c31 = c00;
    DoubleVector c40 = c00;
    DoubleVector c41 = c00;
    DoubleVector c50 = c00;
    DoubleVector c51 = c00;
    if (full && beta != 0) {
      c00 = DoubleVector.fromArray(S, c, ci);
      c01 = DoubleVector.fromArray(S, c, ci + L);
      c10 = DoubleVector.fromArray(S, c, ci + ldc);
      c11 = DoubleVector.fromArray(S, c, ci + ldc + L);
      c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc);
      c21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + L);
      c30 = DoubleVector.fromArray(S, c, ci + 3 * ldc);
      c31 = DoubleVector.fromArray(S, c, ci + 3 * ldc + L);
      c40 = DoubleVector.fromArray(S, c, ci + 4 * ldc);
      c41 = DoubleVector.fromArray(S, c, ci + 4 * ldc + L);
      c50 = DoubleVector.fromArray(S, c, ci + 5 * ldc);
      c51 = DoubleVector.fromArray(S, c, ci + 5 * ldc + L);
      if (beta != 1) {
        c00 = c00.mul(beta);
        c01 = c01.mul(beta);
        c10 = c10.mul(beta);
        c11 = c11.mul(beta);
        c20 = c20.mul(beta);
        c21 = c21.mul(beta);
        c30 = c30.mul(beta);
        c31 = c31.mul(beta);
        c40 = c40.mul(beta);
        c41 = c41.mul(beta);
        c50 = c50.mul(beta);
        c51 = c51.mul(beta);
      }
    }
    for (int p = 0; p < kc; p++) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector a0 = DoubleVector.broadcast(S, ap[ai]);
      c00 = a0.lanewise(VectorOperators.FMA, b0, c00);
      c01 = a0.lanewise(VectorOperators.FMA, b1, c01);
      DoubleVector a1 = DoubleVector.broadcast(S, ap[ai + 1]);
      c10 = a1.lanewise(VectorOperators.FMA, b0, c10);
      c11 = a1.lanewise(VectorOperators.FMA, b1, c11);
      DoubleVector a2 = DoubleVector.broadcast(S, ap[ai + 2]);
      c20 = a2.lanewise(VectorOperators.FMA, b0, c20);
      c21 = a2.lanewise(VectorOperators.FMA, b1, c21);
      DoubleVector a3 = DoubleVector.broadcast(S, ap[ai + 3]);
      c30 = a3.lanewise(VectorOperators.FMA, b0, c30);
      c31 = a3.lanewise(VectorOperators.FMA, b1, c31);
      DoubleVector a4 = DoubleVector.broadcast(S, ap[ai + 4]);
      c40 = a4.lanewise(VectorOperators.FMA, b0, c40);
      c41 = a4.lanewise(VectorOperators.FMA, b1, c41);
      DoubleVector a5 = DoubleVector.broadcast(S, ap[ai + 5]);
      c50 = a5.lanewise(VectorOperators.FMA, b0, c50);
      c51 = a5.lanewise(VectorOperators.FMA, b1, c51);
      ai += MR;
      bi += bStep;
    }
    if (full) {
      c00.intoArray(c, ci);
      c01.intoArray(c, ci + L);
      c10.intoArray(c, ci + ldc);
      c11.intoArray(c, ci + ldc + L);
      c20.intoArray(c, ci + 2 * ldc);
      c21.intoArray(c, ci + 2 * ldc + L);
      c30.intoArray(c, ci + 3 * ldc);
      c31.intoArray(c, ci + 3 * ldc + L);
      c40.intoArray(c, ci + 4 * ldc);
      c41.intoArray(c, ci + 4 * ldc + L);
      c50.intoArray(c, ci + 5 * ldc);
      c51.intoArray(c, ci + 5 * ldc + L);
      return;
    }
    // Spill to the tile buffer rather than pass vectors to a method: a vector that escapes into
    // a call C2 does not inline is boxed, and the boxing can leak into the k loop.
    c00.intoArray(tile, 0);
    c01.intoArray(tile, L);
    c10.intoArray(tile, NR);
    c11.intoArray(tile, NR + L);
    c20.intoArray(tile, 2 * NR);
    c21.intoArray(tile, 2 * NR + L);
    c30.intoArray(tile, 3 * NR);
    c31.intoArray(tile, 3 * NR + L);
    c40.intoArray(tile, 4 * NR);
    c41.intoArray(tile, 4 * NR + L);
    c50.intoArray(tile, 5 * NR);
    c51.intoArray(tile, 5 * NR + L);
    writeTile(tile, c, ci, ldc, rows, cols, 1, beta);
  }

  /**
   * The micro-kernel with A read in place: element p of row r of the strip at {@code ai + min(r,
   * rows - 1) * rowStep + p * depthStep} (rows past {@code rows} repeat the last one; their sums
   * are unused), B at {@code bi + p * bStep} (in place, or packed with step NR). Rows of A: {@code
   * rowStep = lda, depthStep = 1} (dS = dO V); op(A) = A^T: {@code rowStep = 1, depthStep = lda}
   * (dV = dO^T S, alpha then in the packed B). With {@code fromC} (only with alpha 1) a full tile
   * starts from {@code beta * C} and is stored straight back, as in {@link #microKernel}.
   */
  static void microKernelInPlaceA(int kc, double[] a, int ai, int rowStep,
      int depthStep, double[] bp, int bi, int bStep, double[] c, int ci, int ldc, int rows,
      int cols, double alpha, double beta, boolean fromC, double[] tile) {
    int last = rows - 1;
    int r0 = ai;
    int r1 = ai + Math.min(1, last) * rowStep;
    int r2 = ai + Math.min(2, last) * rowStep;
    int r3 = ai + Math.min(3, last) * rowStep;
    int r4 = ai + Math.min(4, last) * rowStep;
    int r5 = ai + Math.min(5, last) * rowStep;
    // As in microKernel, a full tile can start from beta * C and be stored straight back.
    boolean full = fromC && rows == MR && cols == NR;
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c30 = c00;
    DoubleVector c31 = c00;
    DoubleVector c40 = c00;
    DoubleVector c41 = c00;
    DoubleVector c50 = c00;
    DoubleVector c51 = c00;
    if (full && beta != 0) {
      c00 = DoubleVector.fromArray(S, c, ci);
      c01 = DoubleVector.fromArray(S, c, ci + L);
      c10 = DoubleVector.fromArray(S, c, ci + ldc);
      c11 = DoubleVector.fromArray(S, c, ci + ldc + L);
      c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc);
      c21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + L);
      c30 = DoubleVector.fromArray(S, c, ci + 3 * ldc);
      c31 = DoubleVector.fromArray(S, c, ci + 3 * ldc + L);
      c40 = DoubleVector.fromArray(S, c, ci + 4 * ldc);
      c41 = DoubleVector.fromArray(S, c, ci + 4 * ldc + L);
      c50 = DoubleVector.fromArray(S, c, ci + 5 * ldc);
      c51 = DoubleVector.fromArray(S, c, ci + 5 * ldc + L);
      if (beta != 1) {
        c00 = c00.mul(beta);
        c01 = c01.mul(beta);
        c10 = c10.mul(beta);
        c11 = c11.mul(beta);
        c20 = c20.mul(beta);
        c21 = c21.mul(beta);
        c30 = c30.mul(beta);
        c31 = c31.mul(beta);
        c40 = c40.mul(beta);
        c41 = c41.mul(beta);
        c50 = c50.mul(beta);
        c51 = c51.mul(beta);
      }
    }
    for (int p = 0, off = 0; p < kc; p++, off += depthStep) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector a0 = DoubleVector.broadcast(S, a[r0 + off]);
      c00 = a0.lanewise(VectorOperators.FMA, b0, c00);
      c01 = a0.lanewise(VectorOperators.FMA, b1, c01);
      DoubleVector a1 = DoubleVector.broadcast(S, a[r1 + off]);
      c10 = a1.lanewise(VectorOperators.FMA, b0, c10);
      c11 = a1.lanewise(VectorOperators.FMA, b1, c11);
      DoubleVector a2 = DoubleVector.broadcast(S, a[r2 + off]);
      c20 = a2.lanewise(VectorOperators.FMA, b0, c20);
      c21 = a2.lanewise(VectorOperators.FMA, b1, c21);
      DoubleVector a3 = DoubleVector.broadcast(S, a[r3 + off]);
      c30 = a3.lanewise(VectorOperators.FMA, b0, c30);
      c31 = a3.lanewise(VectorOperators.FMA, b1, c31);
      DoubleVector a4 = DoubleVector.broadcast(S, a[r4 + off]);
      c40 = a4.lanewise(VectorOperators.FMA, b0, c40);
      c41 = a4.lanewise(VectorOperators.FMA, b1, c41);
      DoubleVector a5 = DoubleVector.broadcast(S, a[r5 + off]);
      c50 = a5.lanewise(VectorOperators.FMA, b0, c50);
      c51 = a5.lanewise(VectorOperators.FMA, b1, c51);
      bi += bStep;
    }
    if (full) {
      c00.intoArray(c, ci);
      c01.intoArray(c, ci + L);
      c10.intoArray(c, ci + ldc);
      c11.intoArray(c, ci + ldc + L);
      c20.intoArray(c, ci + 2 * ldc);
      c21.intoArray(c, ci + 2 * ldc + L);
      c30.intoArray(c, ci + 3 * ldc);
      c31.intoArray(c, ci + 3 * ldc + L);
      c40.intoArray(c, ci + 4 * ldc);
      c41.intoArray(c, ci + 4 * ldc + L);
      c50.intoArray(c, ci + 5 * ldc);
      c51.intoArray(c, ci + 5 * ldc + L);
      return;
    }
    // Spill to the tile buffer rather than pass vectors to a method: a vector that escapes into
    // a call C2 does not inline is boxed, and the boxing can leak into the k loop.
    c00.intoArray(tile, 0);
    c01.intoArray(tile, L);
    c10.intoArray(tile, NR);
    c11.intoArray(tile, NR + L);
    c20.intoArray(tile, 2 * NR);
    c21.intoArray(tile, 2 * NR + L);
    c30.intoArray(tile, 3 * NR);
    c31.intoArray(tile, 3 * NR + L);
    c40.intoArray(tile, 4 * NR);
    c41.intoArray(tile, 4 * NR + L);
    c50.intoArray(tile, 5 * NR);
    c51.intoArray(tile, 5 * NR + L);
    writeTile(tile, c, ci, ldc, rows, cols, alpha, beta);
  }

  /**
   * {@link #microKernelInPlaceA} (rows of A) for exactly five rows and {@code NR} columns: ten accumulators, for
   * row counts that are multiples of five but not of {@link #MR}.
   */
  static void microKernelDirectA5(int kc, double[] a, int ai, int lda, double[] bp, int bi,
      int bStep, double[] c, int ci, int ldc, double alpha, double beta, double[] tile) {
    int a0 = ai;
    int a1 = ai + lda;
    int a2 = ai + 2 * lda;
    int a3 = ai + 3 * lda;
    int a4 = ai + 4 * lda;
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c30 = c00;
    DoubleVector c31 = c00;
    DoubleVector c40 = c00;
    DoubleVector c41 = c00;
    for (int p = 0; p < kc; p++) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
      c00 = x.lanewise(VectorOperators.FMA, b0, c00);
      c01 = x.lanewise(VectorOperators.FMA, b1, c01);
      x = DoubleVector.broadcast(S, a[a1 + p]);
      c10 = x.lanewise(VectorOperators.FMA, b0, c10);
      c11 = x.lanewise(VectorOperators.FMA, b1, c11);
      x = DoubleVector.broadcast(S, a[a2 + p]);
      c20 = x.lanewise(VectorOperators.FMA, b0, c20);
      c21 = x.lanewise(VectorOperators.FMA, b1, c21);
      x = DoubleVector.broadcast(S, a[a3 + p]);
      c30 = x.lanewise(VectorOperators.FMA, b0, c30);
      c31 = x.lanewise(VectorOperators.FMA, b1, c31);
      x = DoubleVector.broadcast(S, a[a4 + p]);
      c40 = x.lanewise(VectorOperators.FMA, b0, c40);
      c41 = x.lanewise(VectorOperators.FMA, b1, c41);
      bi += bStep;
    }
    c00.intoArray(tile, 0);
    c01.intoArray(tile, L);
    c10.intoArray(tile, NR);
    c11.intoArray(tile, NR + L);
    c20.intoArray(tile, 2 * NR);
    c21.intoArray(tile, 2 * NR + L);
    c30.intoArray(tile, 3 * NR);
    c31.intoArray(tile, 3 * NR + L);
    c40.intoArray(tile, 4 * NR);
    c41.intoArray(tile, 4 * NR + L);
    writeTile(tile, c, ci, ldc, 5, NR, alpha, beta);
  }

  /**
   * {@link #microKernelInPlaceA} for a last strip of at most L columns (e.g. 4 of a width of
   * 100), B packed L or NR wide ({@code bStep}): one vector per step instead of two.
   */
  static void microKernelInPlaceANarrow(int kc, double[] a, int ai, int rowStep,
      int depthStep, double[] bp, int bi, int bStep, double[] c, int ci, int ldc, int rows,
      int cols, double alpha, double beta, double[] tile) {
    int last = rows - 1;
    int r0 = ai;
    int r1 = ai + Math.min(1, last) * rowStep;
    int r2 = ai + Math.min(2, last) * rowStep;
    int r3 = ai + Math.min(3, last) * rowStep;
    int r4 = ai + Math.min(4, last) * rowStep;
    int r5 = ai + Math.min(5, last) * rowStep;
    DoubleVector c0 = DoubleVector.zero(S);
    DoubleVector c1 = c0;
    DoubleVector c2 = c0;
    DoubleVector c3 = c0;
    DoubleVector c4 = c0;
    DoubleVector c5 = c0;
    for (int p = 0, off = 0; p < kc; p++, off += depthStep) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
      c0 = DoubleVector.broadcast(S, a[r0 + off]).lanewise(VectorOperators.FMA, b0, c0);
      c1 = DoubleVector.broadcast(S, a[r1 + off]).lanewise(VectorOperators.FMA, b0, c1);
      c2 = DoubleVector.broadcast(S, a[r2 + off]).lanewise(VectorOperators.FMA, b0, c2);
      c3 = DoubleVector.broadcast(S, a[r3 + off]).lanewise(VectorOperators.FMA, b0, c3);
      c4 = DoubleVector.broadcast(S, a[r4 + off]).lanewise(VectorOperators.FMA, b0, c4);
      c5 = DoubleVector.broadcast(S, a[r5 + off]).lanewise(VectorOperators.FMA, b0, c5);
      bi += bStep;
    }
    c0.intoArray(tile, 0);
    c1.intoArray(tile, NR);
    c2.intoArray(tile, 2 * NR);
    c3.intoArray(tile, 3 * NR);
    c4.intoArray(tile, 4 * NR);
    c5.intoArray(tile, 5 * NR);
    writeTile(tile, c, ci, ldc, rows, cols, alpha, beta);
  }

  /**
   * {@link #microKernel} for a last strip of at most L columns (e.g. 4 of a width of 100): one
   * vector of the packed panel per step instead of two, half the multiply-adds of a full strip.
   */
  static void microKernelNarrow(int kc, double[] ap, int ai, double[] bp, int bi,
      double[] c, int ci, int ldc, int rows, int cols, double beta, double[] tile) {
    DoubleVector c0 = DoubleVector.zero(S);
    DoubleVector c1 = c0;
    DoubleVector c2 = c0;
    DoubleVector c3 = c0;
    DoubleVector c4 = c0;
    DoubleVector c5 = c0;
    for (int p = 0; p < kc; p++) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
      c0 = DoubleVector.broadcast(S, ap[ai]).lanewise(VectorOperators.FMA, b0, c0);
      c1 = DoubleVector.broadcast(S, ap[ai + 1]).lanewise(VectorOperators.FMA, b0, c1);
      c2 = DoubleVector.broadcast(S, ap[ai + 2]).lanewise(VectorOperators.FMA, b0, c2);
      c3 = DoubleVector.broadcast(S, ap[ai + 3]).lanewise(VectorOperators.FMA, b0, c3);
      c4 = DoubleVector.broadcast(S, ap[ai + 4]).lanewise(VectorOperators.FMA, b0, c4);
      c5 = DoubleVector.broadcast(S, ap[ai + 5]).lanewise(VectorOperators.FMA, b0, c5);
      ai += MR;
      bi += NR;
    }
    c0.intoArray(tile, 0);
    c1.intoArray(tile, NR);
    c2.intoArray(tile, 2 * NR);
    c3.intoArray(tile, 3 * NR);
    c4.intoArray(tile, 4 * NR);
    c5.intoArray(tile, 5 * NR);
    writeTile(tile, c, ci, ldc, rows, cols, 1, beta);
  }

  /** C tile = alpha * tile + beta * C (beta 0: old C ignored). */
  static void writeTile(double[] tile, double[] c, int ci, int ldc, int rows, int cols,
      double alpha, double beta) {
    if (cols == NR) {
      for (int r = 0; r < rows; r++) {
        int row = ci + r * ldc;
        DoubleVector r0 = DoubleVector.fromArray(S, tile, r * NR).mul(alpha);
        DoubleVector r1 = DoubleVector.fromArray(S, tile, r * NR + L).mul(alpha);
        if (beta != 0) {
          r0 = DoubleVector.fromArray(S, c, row).mul(beta).add(r0);
          r1 = DoubleVector.fromArray(S, c, row + L).mul(beta).add(r1);
        }
        r0.intoArray(c, row);
        r1.intoArray(c, row + L);
      }
      return;
    }
    for (int r = 0; r < rows; r++) {
      int row = ci + r * ldc;
      for (int j = 0; j < cols; j++) {
        double v = alpha * tile[r * NR + j];
        c[row + j] = beta == 0 ? v : v + beta * c[row + j];
      }
    }
  }
}

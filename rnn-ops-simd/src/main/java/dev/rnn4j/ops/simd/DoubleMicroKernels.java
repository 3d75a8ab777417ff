// TEMPLATE: the float version (FloatMicroKernels) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleGemmShapes.L;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MR;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NR;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.S;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The register-blocked micro-kernels: one tile of C, at most {@code MR} rows by two vectors
 * ({@link #tile6x2}) or one vector ({@link #tile6x1}) of columns, and five rows by two vectors
 * ({@link #tile5x2}). Where A and B are read is given by steps, so that one kernel serves the
 * layouts below: element p of row r of A at {@code ai + min(r, rows - 1) * rowStep + p * depthStep}
 * (rows past {@code rows} repeat the last one; their sums are unused), the vectors of B at {@code
 * bi + p * bStep}.
 *
 * <table>
 *   <caption>The layouts and their steps</caption>
 *   <tr><th>A</th><th>rowStep</th><th>depthStep</th><th>used by</th></tr>
 *   <tr><td>packed panel of MR rows</td><td>1</td><td>MR</td><td>the packed GEMM, in the last
 *       column of its strips ({@link #tile6x1}); full strips run {@link #tile6x2Packed}, the same
 *       loop with A at constant offsets</td></tr>
 *   <tr><td>rows of A in place</td><td>lda</td><td>1</td><td>{@code dS = dO V}</td></tr>
 *   <tr><td>op(A) = A^T in place</td><td>1</td><td>lda</td><td>{@code dV = dO^T S}</td></tr>
 * </table>
 *
 * <p>B is a packed panel ({@code bStep} NR, or L for a narrow one) or rows of B in place ({@code
 * bStep} ldb). The kernels are written out by hand, register by register: a vector held in an
 * array or passed to a method that C2 does not inline is boxed.
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleMicroKernels {
  private DoubleMicroKernels() {}

  /**
   * C tile (rows x cols, at most MR x NR) = alpha * (strip of A x panel of B) + beta * C (beta 0:
   * old C ignored), A and B at the steps described in the class comment. With {@code fromC} (only
   * with alpha 1) a full tile starts from {@code beta * C} and is stored straight back: with a
   * short depth (dV = dO^T S over one sequence) the round trip through the tile buffer is a
   * sizeable share of the kernel.
   */
  static void tile6x2(int kc, double[] a, int ai, int rowStep, int depthStep, double[] b, int bi,
      int bStep, double[] c, int ci, int ldc, int rows, int cols, double alpha, double beta,
      boolean fromC, double[] tile) {
    int last = rows - 1;
    int r1 = ai + Math.min(1, last) * rowStep;
    int r2 = ai + Math.min(2, last) * rowStep;
    int r3 = ai + Math.min(3, last) * rowStep;
    int r4 = ai + Math.min(4, last) * rowStep;
    int r5 = ai + Math.min(5, last) * rowStep;
    boolean full = fromC && rows == MR && cols == NR;
    boolean load = full && beta != 0;
    int ld = full ? ldc : NR;
    DoubleVector z = DoubleVector.zero(S);
    DoubleVector c00 = load ? scaled(c, ci, beta) : z;
    DoubleVector c01 = load ? scaled(c, ci + L, beta) : z;
    DoubleVector c10 = load ? scaled(c, ci + ld, beta) : z;
    DoubleVector c11 = load ? scaled(c, ci + ld + L, beta) : z;
    DoubleVector c20 = load ? scaled(c, ci + 2 * ld, beta) : z;
    DoubleVector c21 = load ? scaled(c, ci + 2 * ld + L, beta) : z;
    DoubleVector c30 = load ? scaled(c, ci + 3 * ld, beta) : z;
    DoubleVector c31 = load ? scaled(c, ci + 3 * ld + L, beta) : z;
    DoubleVector c40 = load ? scaled(c, ci + 4 * ld, beta) : z;
    DoubleVector c41 = load ? scaled(c, ci + 4 * ld + L, beta) : z;
    DoubleVector c50 = load ? scaled(c, ci + 5 * ld, beta) : z;
    DoubleVector c51 = load ? scaled(c, ci + 5 * ld + L, beta) : z;
    for (int p = 0, off = 0; p < kc; p++, off += depthStep) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
      DoubleVector b1 = DoubleVector.fromArray(S, b, bi + L);
      DoubleVector x = DoubleVector.broadcast(S, a[ai + off]);
      c00 = x.lanewise(VectorOperators.FMA, b0, c00);
      c01 = x.lanewise(VectorOperators.FMA, b1, c01);
      x = DoubleVector.broadcast(S, a[r1 + off]);
      c10 = x.lanewise(VectorOperators.FMA, b0, c10);
      c11 = x.lanewise(VectorOperators.FMA, b1, c11);
      x = DoubleVector.broadcast(S, a[r2 + off]);
      c20 = x.lanewise(VectorOperators.FMA, b0, c20);
      c21 = x.lanewise(VectorOperators.FMA, b1, c21);
      x = DoubleVector.broadcast(S, a[r3 + off]);
      c30 = x.lanewise(VectorOperators.FMA, b0, c30);
      c31 = x.lanewise(VectorOperators.FMA, b1, c31);
      x = DoubleVector.broadcast(S, a[r4 + off]);
      c40 = x.lanewise(VectorOperators.FMA, b0, c40);
      c41 = x.lanewise(VectorOperators.FMA, b1, c41);
      x = DoubleVector.broadcast(S, a[r5 + off]);
      c50 = x.lanewise(VectorOperators.FMA, b0, c50);
      c51 = x.lanewise(VectorOperators.FMA, b1, c51);
      bi += bStep;
    }
    // Not full: spill to the tile buffer rather than pass vectors to a method (a vector that
    // escapes into a call C2 does not inline is boxed, and the boxing can leak into the k loop).
    double[] out = full ? c : tile;
    int o = full ? ci : 0;
    c00.intoArray(out, o);
    c01.intoArray(out, o + L);
    c10.intoArray(out, o + ld);
    c11.intoArray(out, o + ld + L);
    c20.intoArray(out, o + 2 * ld);
    c21.intoArray(out, o + 2 * ld + L);
    c30.intoArray(out, o + 3 * ld);
    c31.intoArray(out, o + 3 * ld + L);
    c40.intoArray(out, o + 4 * ld);
    c41.intoArray(out, o + 4 * ld + L);
    c50.intoArray(out, o + 5 * ld);
    c51.intoArray(out, o + 5 * ld + L);
    if (!full) {
      writeTile(tile, c, ci, ldc, rows, cols, alpha, beta);
    }
  }

  /**
   * {@link #tile6x2} on a packed panel of A (rowStep 1, depthStep MR, always from C and with alpha
   * 1: alpha is in the packed A), its own loop so that the six elements of A are read at constant
   * offsets from one index: through {@link #tile6x2}, with the steps as variables, sgemm 1024^2
   * measured 10-15% slower (JDK 17).
   */
  static void tile6x2Packed(int kc, double[] ap, int ai, double[] b, int bi, int bStep,
      double[] c, int ci, int ldc, int rows, int cols, double beta, double[] tile) {
    boolean full = rows == MR && cols == NR;
    boolean load = full && beta != 0;
    int ld = full ? ldc : NR;
    DoubleVector z = DoubleVector.zero(S);
    DoubleVector c00 = load ? scaled(c, ci, beta) : z;
    DoubleVector c01 = load ? scaled(c, ci + L, beta) : z;
    DoubleVector c10 = load ? scaled(c, ci + ld, beta) : z;
    DoubleVector c11 = load ? scaled(c, ci + ld + L, beta) : z;
    DoubleVector c20 = load ? scaled(c, ci + 2 * ld, beta) : z;
    DoubleVector c21 = load ? scaled(c, ci + 2 * ld + L, beta) : z;
    DoubleVector c30 = load ? scaled(c, ci + 3 * ld, beta) : z;
    DoubleVector c31 = load ? scaled(c, ci + 3 * ld + L, beta) : z;
    DoubleVector c40 = load ? scaled(c, ci + 4 * ld, beta) : z;
    DoubleVector c41 = load ? scaled(c, ci + 4 * ld + L, beta) : z;
    DoubleVector c50 = load ? scaled(c, ci + 5 * ld, beta) : z;
    DoubleVector c51 = load ? scaled(c, ci + 5 * ld + L, beta) : z;
    for (int p = 0; p < kc; p++, ai += MR, bi += bStep) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
      DoubleVector b1 = DoubleVector.fromArray(S, b, bi + L);
      DoubleVector x = DoubleVector.broadcast(S, ap[ai]);
      c00 = x.lanewise(VectorOperators.FMA, b0, c00);
      c01 = x.lanewise(VectorOperators.FMA, b1, c01);
      x = DoubleVector.broadcast(S, ap[ai + 1]);
      c10 = x.lanewise(VectorOperators.FMA, b0, c10);
      c11 = x.lanewise(VectorOperators.FMA, b1, c11);
      x = DoubleVector.broadcast(S, ap[ai + 2]);
      c20 = x.lanewise(VectorOperators.FMA, b0, c20);
      c21 = x.lanewise(VectorOperators.FMA, b1, c21);
      x = DoubleVector.broadcast(S, ap[ai + 3]);
      c30 = x.lanewise(VectorOperators.FMA, b0, c30);
      c31 = x.lanewise(VectorOperators.FMA, b1, c31);
      x = DoubleVector.broadcast(S, ap[ai + 4]);
      c40 = x.lanewise(VectorOperators.FMA, b0, c40);
      c41 = x.lanewise(VectorOperators.FMA, b1, c41);
      x = DoubleVector.broadcast(S, ap[ai + 5]);
      c50 = x.lanewise(VectorOperators.FMA, b0, c50);
      c51 = x.lanewise(VectorOperators.FMA, b1, c51);
    }
    double[] out = full ? c : tile;
    int o = full ? ci : 0;
    c00.intoArray(out, o);
    c01.intoArray(out, o + L);
    c10.intoArray(out, o + ld);
    c11.intoArray(out, o + ld + L);
    c20.intoArray(out, o + 2 * ld);
    c21.intoArray(out, o + 2 * ld + L);
    c30.intoArray(out, o + 3 * ld);
    c31.intoArray(out, o + 3 * ld + L);
    c40.intoArray(out, o + 4 * ld);
    c41.intoArray(out, o + 4 * ld + L);
    c50.intoArray(out, o + 5 * ld);
    c51.intoArray(out, o + 5 * ld + L);
    if (!full) {
      writeTile(tile, c, ci, ldc, rows, cols, 1, beta);
    }
  }

  /** @return {@code beta * C[i .. i + L)}, or C's vector itself when beta is 1 */
  private static DoubleVector scaled(double[] c, int i, double beta) {
    DoubleVector v = DoubleVector.fromArray(S, c, i);
    return beta == 1 ? v : v.mul(beta);
  }

  /**
   * {@link #tile6x2} for a strip of at most L columns (e.g. the last 4 of a width of 100): one
   * vector of B per step instead of two, half the multiply-adds.
   */
  static void tile6x1(int kc, double[] a, int ai, int rowStep, int depthStep, double[] b, int bi,
      int bStep, double[] c, int ci, int ldc, int rows, int cols, double alpha, double beta,
      double[] tile) {
    int last = rows - 1;
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
      DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
      c0 = DoubleVector.broadcast(S, a[ai + off]).lanewise(VectorOperators.FMA, b0, c0);
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
   * {@link #tile6x2} with rows of A in place, for exactly five rows and {@code NR} columns: ten
   * accumulators, for row counts that are multiples of five but not of {@code MR}.
   */
  static void tile5x2(int kc, double[] a, int ai, int lda, double[] bp, int bi,
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

  /** C tile = alpha * tile + beta * C (beta 0: old C ignored). */
  private static void writeTile(double[] tile, double[] c, int ci, int ldc, int rows, int cols,
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

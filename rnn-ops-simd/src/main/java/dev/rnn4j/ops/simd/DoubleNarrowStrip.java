// TEMPLATE: the float version (FloatNarrowStrip) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleGemmShapes.L;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.S;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The last strip of at most {@code L} columns of {@code C = op(A) op(B) + beta * C} with {@code
 * op(A) = A^T} read in place and a short depth: the step of an output layer, {@code V += -lr dO^T
 * S}, on the last columns of V that do not fill a vector (the last 4 of b's 100).
 *
 * <p>The register tiles put the vector along the columns of C, so such a strip used one vector
 * for a few columns (4 of 16 lanes) and paid a kernel call per 6 rows. Here the vector runs along
 * the rows of C instead, where {@code A^T} has them contiguous (a row of dO): for each of 4
 * columns, one multiply-add per step of k covers L rows. The sums are then written to C element
 * by element through the tile buffer.
 *
 * <p>Each element of C gets the chain of the register tiles: {@code fma(a, b, sum)} over k in
 * order from zero, then {@code sum + beta * C} (alpha is in the packed B), so the same bits.
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleNarrowStrip {
  private DoubleNarrowStrip() {}

  /**
   * Columns {@code [0, cols)} (at most L) of the rows {@code [0, rows)} of the C block at {@code
   * ci}, rows a multiple of L: {@code C[r][j] = sum_p A[ai + p * lda + r] * bp[bi + p * bStep + j]
   * + beta * C[r][j]}. Reads {@code bp} up to column {@code cols} rounded up to 4, which must lie
   * inside the packed panel.
   */
  static void columns(int kc, double[] a, int ai, int lda, int rows, double[] bp, int bi,
      int bStep, double[] c, int ci, int ldc, int cols, double beta, double[] tile) {
    for (int j0 = 0; j0 < cols; j0 += 4) {
      int n = Math.min(4, cols - j0);
      int i = 0;
      for (; i + 2 * L <= rows; i += 2 * L) {
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        DoubleVector t0 = s0;
        DoubleVector t1 = s0;
        DoubleVector t2 = s0;
        DoubleVector t3 = s0;
        int ap = ai + i;
        int b = bi + j0;
        for (int p = 0; p < kc; p++, ap += lda, b += bStep) {
          DoubleVector x = DoubleVector.fromArray(S, a, ap);
          DoubleVector y = DoubleVector.fromArray(S, a, ap + L);
          DoubleVector b0 = DoubleVector.broadcast(S, bp[b]);
          DoubleVector b1 = DoubleVector.broadcast(S, bp[b + 1]);
          DoubleVector b2 = DoubleVector.broadcast(S, bp[b + 2]);
          DoubleVector b3 = DoubleVector.broadcast(S, bp[b + 3]);
          s0 = x.lanewise(VectorOperators.FMA, b0, s0);
          s1 = x.lanewise(VectorOperators.FMA, b1, s1);
          s2 = x.lanewise(VectorOperators.FMA, b2, s2);
          s3 = x.lanewise(VectorOperators.FMA, b3, s3);
          t0 = y.lanewise(VectorOperators.FMA, b0, t0);
          t1 = y.lanewise(VectorOperators.FMA, b1, t1);
          t2 = y.lanewise(VectorOperators.FMA, b2, t2);
          t3 = y.lanewise(VectorOperators.FMA, b3, t3);
        }
        s0.intoArray(tile, 0);
        s1.intoArray(tile, 2 * L);
        s2.intoArray(tile, 4 * L);
        s3.intoArray(tile, 6 * L);
        t0.intoArray(tile, L);
        t1.intoArray(tile, 3 * L);
        t2.intoArray(tile, 5 * L);
        t3.intoArray(tile, 7 * L);
        store(tile, 2 * L, c, ci + i * ldc + j0, ldc, n, beta);
      }
      for (; i < rows; i += L) {
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int ap = ai + i;
        int b = bi + j0;
        for (int p = 0; p < kc; p++, ap += lda, b += bStep) {
          DoubleVector x = DoubleVector.fromArray(S, a, ap);
          s0 = x.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, bp[b]), s0);
          s1 = x.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, bp[b + 1]), s1);
          s2 = x.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, bp[b + 2]), s2);
          s3 = x.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, bp[b + 3]), s3);
        }
        s0.intoArray(tile, 0);
        s1.intoArray(tile, L);
        s2.intoArray(tile, 2 * L);
        s3.intoArray(tile, 3 * L);
        store(tile, L, c, ci + i * ldc + j0, ldc, n, beta);
      }
    }
  }

  /**
   * Rows {@code [0, height)} and columns {@code [0, n)} of C at {@code ci} from the sums in the
   * tile, column j's sums at {@code [j * height, (j + 1) * height)}: {@code sum + beta * C}.
   */
  private static void store(double[] tile, int height, double[] c, int ci, int ldc, int n,
      double beta) {
    for (int r = 0; r < height; r++) {
      int row = ci + r * ldc;
      for (int j = 0; j < n; j++) {
        double v = tile[j * height + r];
        c[row + j] = beta == 0 ? v : v + beta * c[row + j];
      }
    }
  }
}

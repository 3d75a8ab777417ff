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
 *
 * <p>A template (expanded by {@code src/build/KernelTemplates.java}), as the other kernels: the
 * passes over one and over two vectors of rows are written out register by register from one
 * loop, since a vector held in an array is boxed.
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
        sums2(kc, a, ai + i, lda, bp, bi + j0, bStep, tile);
        store(tile, 2 * L, c, ci + i * ldc + j0, ldc, n, beta);
      }
      for (; i < rows; i += L) {
        sums1(kc, a, ai + i, lda, bp, bi + j0, bStep, tile);
        store(tile, L, c, ci + i * ldc + j0, ldc, n, beta);
      }
    }
  }

  //@ for W in 1..2
  /**
   * The sums of {W} vector(s) of rows (from {@code ap}) for 4 columns (from {@code b}) into the
   * tile, column j's at {@code [j * h, (j + 1) * h)} with {@code h = {W} * L}: 4 x {W} independent
   * multiply-add chains.
   */
  private static void sums{W}(int kc, double[] a, int ap, int lda, double[] bp, int b, int bStep,
      double[] tile) {
    int h = {W} * L;
    //@ for v in 0..{W=1?0:1}
    //@ for j in 0..3
    DoubleVector s{v}{j} = {v+j=0?DoubleVector.zero(S):s00};
    //@ end
    //@ end
    for (int p = 0; p < kc; p++, ap += lda, b += bStep) {
      //@ for v in 0..{W=1?0:1}
      DoubleVector x{v} = DoubleVector.fromArray(S, a, ap{+v*L});
      //@ end
      //@ for j in 0..3
      DoubleVector y{j} = DoubleVector.broadcast(S, bp[b{+j}]);
      //@ end
      //@ for v in 0..{W=1?0:1}
      //@ for j in 0..3
      s{v}{j} = x{v}.lanewise(VectorOperators.FMA, y{j}, s{v}{j});
      //@ end
      //@ end
    }
    //@ for v in 0..{W=1?0:1}
    //@ for j in 0..3
    s{v}{j}.intoArray(tile, {j*h+v*L});
    //@ end
    //@ end
  }

  //@ end

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

// TEMPLATE: the float version (FloatWideKernels) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleGemmShapes.L;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MR_W;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NR_W;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.S;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The wide micro-kernel of the packed GEMM on machines with 32 vector registers (see {@link
 * DoubleGemmShapes#WIDE}): a tile of {@code MR_W} = 6 rows by four vectors, 24 accumulators, A
 * broadcast from a packed panel of 6 rows, four loads of B per step of k from a packed panel of
 * {@code NR_W} columns. Per step, 10 loads feed 24 multiply-adds (the 6 x 2 tile of {@link
 * DoubleMicroKernels}: 8 loads for 12), and there are enough independent sums to keep two
 * multiply-add units busy through their latency. Written out register by register, as the
 * kernels of {@link DoubleMicroKernels} (which is why the kernel is longer than a method should
 * be: a vector held in an array or passed to a method C2 does not inline is boxed).
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleWideKernels {
  private DoubleWideKernels() {}

  /**
   * C tile (rows x cols, at most MR_W x NR_W) = packed A strip x packed B panel + beta * C (beta
   * 0: old C ignored); alpha is in the packed A. A full tile starts from {@code beta * C} and is
   * stored straight back; a partial one goes through {@code tile}.
   */
  static void tile6x4Packed(int kc, double[] ap, int ai, double[] bp, int bi,
      double[] c, int ci, int ldc, int rows, int cols, double beta, double[] tile) {
    boolean full = rows == MR_W && cols == NR_W;
    boolean load = full && beta != 0;
    int ld = full ? ldc : NR_W;
    DoubleVector z = DoubleVector.zero(S);
    DoubleVector c00 = load ? scaled(c, ci, beta) : z;
    DoubleVector c01 = load ? scaled(c, ci + L, beta) : z;
    DoubleVector c02 = load ? scaled(c, ci + 2 * L, beta) : z;
    DoubleVector c03 = load ? scaled(c, ci + 3 * L, beta) : z;
    DoubleVector c10 = load ? scaled(c, ci + ld, beta) : z;
    DoubleVector c11 = load ? scaled(c, ci + ld + L, beta) : z;
    DoubleVector c12 = load ? scaled(c, ci + ld + 2 * L, beta) : z;
    DoubleVector c13 = load ? scaled(c, ci + ld + 3 * L, beta) : z;
    DoubleVector c20 = load ? scaled(c, ci + 2 * ld, beta) : z;
    DoubleVector c21 = load ? scaled(c, ci + 2 * ld + L, beta) : z;
    DoubleVector c22 = load ? scaled(c, ci + 2 * ld + 2 * L, beta) : z;
    DoubleVector c23 = load ? scaled(c, ci + 2 * ld + 3 * L, beta) : z;
    DoubleVector c30 = load ? scaled(c, ci + 3 * ld, beta) : z;
    DoubleVector c31 = load ? scaled(c, ci + 3 * ld + L, beta) : z;
    DoubleVector c32 = load ? scaled(c, ci + 3 * ld + 2 * L, beta) : z;
    DoubleVector c33 = load ? scaled(c, ci + 3 * ld + 3 * L, beta) : z;
    DoubleVector c40 = load ? scaled(c, ci + 4 * ld, beta) : z;
    DoubleVector c41 = load ? scaled(c, ci + 4 * ld + L, beta) : z;
    DoubleVector c42 = load ? scaled(c, ci + 4 * ld + 2 * L, beta) : z;
    DoubleVector c43 = load ? scaled(c, ci + 4 * ld + 3 * L, beta) : z;
    DoubleVector c50 = load ? scaled(c, ci + 5 * ld, beta) : z;
    DoubleVector c51 = load ? scaled(c, ci + 5 * ld + L, beta) : z;
    DoubleVector c52 = load ? scaled(c, ci + 5 * ld + 2 * L, beta) : z;
    DoubleVector c53 = load ? scaled(c, ci + 5 * ld + 3 * L, beta) : z;
    for (int p = 0; p < kc; p++, ai += MR_W, bi += NR_W) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector b2 = DoubleVector.fromArray(S, bp, bi + 2 * L);
      DoubleVector b3 = DoubleVector.fromArray(S, bp, bi + 3 * L);
      DoubleVector x = DoubleVector.broadcast(S, ap[ai]);
      c00 = x.lanewise(VectorOperators.FMA, b0, c00);
      c01 = x.lanewise(VectorOperators.FMA, b1, c01);
      c02 = x.lanewise(VectorOperators.FMA, b2, c02);
      c03 = x.lanewise(VectorOperators.FMA, b3, c03);
      x = DoubleVector.broadcast(S, ap[ai + 1]);
      c10 = x.lanewise(VectorOperators.FMA, b0, c10);
      c11 = x.lanewise(VectorOperators.FMA, b1, c11);
      c12 = x.lanewise(VectorOperators.FMA, b2, c12);
      c13 = x.lanewise(VectorOperators.FMA, b3, c13);
      x = DoubleVector.broadcast(S, ap[ai + 2]);
      c20 = x.lanewise(VectorOperators.FMA, b0, c20);
      c21 = x.lanewise(VectorOperators.FMA, b1, c21);
      c22 = x.lanewise(VectorOperators.FMA, b2, c22);
      c23 = x.lanewise(VectorOperators.FMA, b3, c23);
      x = DoubleVector.broadcast(S, ap[ai + 3]);
      c30 = x.lanewise(VectorOperators.FMA, b0, c30);
      c31 = x.lanewise(VectorOperators.FMA, b1, c31);
      c32 = x.lanewise(VectorOperators.FMA, b2, c32);
      c33 = x.lanewise(VectorOperators.FMA, b3, c33);
      x = DoubleVector.broadcast(S, ap[ai + 4]);
      c40 = x.lanewise(VectorOperators.FMA, b0, c40);
      c41 = x.lanewise(VectorOperators.FMA, b1, c41);
      c42 = x.lanewise(VectorOperators.FMA, b2, c42);
      c43 = x.lanewise(VectorOperators.FMA, b3, c43);
      x = DoubleVector.broadcast(S, ap[ai + 5]);
      c50 = x.lanewise(VectorOperators.FMA, b0, c50);
      c51 = x.lanewise(VectorOperators.FMA, b1, c51);
      c52 = x.lanewise(VectorOperators.FMA, b2, c52);
      c53 = x.lanewise(VectorOperators.FMA, b3, c53);
    }
    double[] out = full ? c : tile;
    int o = full ? ci : 0;
    c00.intoArray(out, o);
    c01.intoArray(out, o + L);
    c02.intoArray(out, o + 2 * L);
    c03.intoArray(out, o + 3 * L);
    c10.intoArray(out, o + ld);
    c11.intoArray(out, o + ld + L);
    c12.intoArray(out, o + ld + 2 * L);
    c13.intoArray(out, o + ld + 3 * L);
    c20.intoArray(out, o + 2 * ld);
    c21.intoArray(out, o + 2 * ld + L);
    c22.intoArray(out, o + 2 * ld + 2 * L);
    c23.intoArray(out, o + 2 * ld + 3 * L);
    c30.intoArray(out, o + 3 * ld);
    c31.intoArray(out, o + 3 * ld + L);
    c32.intoArray(out, o + 3 * ld + 2 * L);
    c33.intoArray(out, o + 3 * ld + 3 * L);
    c40.intoArray(out, o + 4 * ld);
    c41.intoArray(out, o + 4 * ld + L);
    c42.intoArray(out, o + 4 * ld + 2 * L);
    c43.intoArray(out, o + 4 * ld + 3 * L);
    c50.intoArray(out, o + 5 * ld);
    c51.intoArray(out, o + 5 * ld + L);
    c52.intoArray(out, o + 5 * ld + 2 * L);
    c53.intoArray(out, o + 5 * ld + 3 * L);
    if (!full) {
      writeTile(tile, c, ci, ldc, rows, cols, beta);
    }
  }

  /** @return {@code beta * C[i .. i + L)}, or C's vector itself when beta is 1 */
  private static DoubleVector scaled(double[] c, int i, double beta) {
    DoubleVector v = DoubleVector.fromArray(S, c, i);
    return beta == 1 ? v : v.mul(beta);
  }

  /** C tile (rows x cols of the NR_W-wide tile buffer) = tile + beta * C (beta 0: old C ignored). */
  private static void writeTile(double[] tile, double[] c, int ci, int ldc, int rows, int cols,
      double beta) {
    for (int r = 0; r < rows; r++) {
      int row = ci + r * ldc;
      for (int j = 0; j < cols; j++) {
        double v = tile[r * NR_W + j];
        c[row + j] = beta == 0 ? v : v + beta * c[row + j];
      }
    }
  }
}

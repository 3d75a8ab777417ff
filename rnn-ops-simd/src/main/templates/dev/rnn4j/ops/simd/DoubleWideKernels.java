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
 * multiply-add units busy through their latency. A template like {@link DoubleMicroKernels}: the
 * build writes the kernel out register by register from the loops below.
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
    //@ for r in 0..5
    //@ for v in 0..3
    DoubleVector c{r}{v} = load ? scaled(c, ci{+r*ld+v*L}, beta) : z;
    //@ end
    //@ end
    for (int p = 0; p < kc; p++, ai += MR_W, bi += NR_W) {
      //@ for v in 0..3
      DoubleVector b{v} = DoubleVector.fromArray(S, bp, bi{+v*L});
      //@ end
      //@ for r in 0..5
      {r=0?DoubleVector x:x} = DoubleVector.broadcast(S, ap[ai{+r}]);
      //@ for v in 0..3
      c{r}{v} = x.lanewise(VectorOperators.FMA, b{v}, c{r}{v});
      //@ end
      //@ end
    }
    double[] out = full ? c : tile;
    int o = full ? ci : 0;
    //@ for r in 0..5
    //@ for v in 0..3
    c{r}{v}.intoArray(out, o{+r*ld+v*L});
    //@ end
    //@ end
    if (!full) {
      writeTile(tile, c, ci, ldc, rows, cols, beta);
    }
  }

  /**
   * {@code DoubleMicroKernels.tile6x2} with four vectors of columns (at most MR_W x NR_W), A and B
   * at the same steps: each element of C gets the same chain of multiply-adds, so the same bits.
   * Used where B is read in place or packed in panels of NR_W (the few-row products of an output
   * layer's backward pass, {@code dS = dO V} and {@code V += -lr dO^T S}).
   */
  static void tile6x4(int kc, double[] a, int ai, int rowStep, int depthStep, double[] b, int bi,
      int bStep, double[] c, int ci, int ldc, int rows, int cols, double alpha, double beta,
      boolean fromC, double[] tile) {
    int last = rows - 1;
    //@ for r in 1..5
    int r{r} = ai + Math.min({r}, last) * rowStep;
    //@ end
    boolean full = fromC && rows == MR_W && cols == NR_W;
    boolean load = full && beta != 0;
    int ld = full ? ldc : NR_W;
    DoubleVector z = DoubleVector.zero(S);
    //@ for r in 0..5
    //@ for v in 0..3
    DoubleVector c{r}{v} = load ? scaled(c, ci{+r*ld+v*L}, beta) : z;
    //@ end
    //@ end
    for (int p = 0, off = 0; p < kc; p++, off += depthStep) {
      //@ for v in 0..3
      DoubleVector b{v} = DoubleVector.fromArray(S, b, bi{+v*L});
      //@ end
      //@ for r in 0..5
      {r=0?DoubleVector x:x} = DoubleVector.broadcast(S, a[{r=0?ai:r{r}} + off]);
      //@ for v in 0..3
      c{r}{v} = x.lanewise(VectorOperators.FMA, b{v}, c{r}{v});
      //@ end
      //@ end
      bi += bStep;
    }
    double[] out = full ? c : tile;
    int o = full ? ci : 0;
    //@ for r in 0..5
    //@ for v in 0..3
    c{r}{v}.intoArray(out, o{+r*ld+v*L});
    //@ end
    //@ end
    if (!full) {
      writeTile(tile, c, ci, ldc, rows, cols, alpha, beta);
    }
  }

  /**
   * {@link #tile6x4} with rows of A in place, for exactly five rows and {@code NR_W} columns (as
   * {@code DoubleMicroKernels.tile5x2}, for row counts that are multiples of five but not of six).
   */
  static void tile5x4(int kc, double[] a, int ai, int lda, double[] b, int bi, int bStep,
      double[] c, int ci, int ldc, double alpha, double beta, double[] tile) {
    int a0 = ai;
    //@ for r in 1..4
    int a{r} = ai{+r*lda};
    //@ end
    //@ for r in 0..4
    //@ for v in 0..3
    DoubleVector c{r}{v} = {r+v=0?DoubleVector.zero(S):c00};
    //@ end
    //@ end
    for (int p = 0; p < kc; p++) {
      //@ for v in 0..3
      DoubleVector b{v} = DoubleVector.fromArray(S, b, bi{+v*L});
      //@ end
      //@ for r in 0..4
      {r=0?DoubleVector x:x} = DoubleVector.broadcast(S, a[a{r} + p]);
      //@ for v in 0..3
      c{r}{v} = x.lanewise(VectorOperators.FMA, b{v}, c{r}{v});
      //@ end
      //@ end
      bi += bStep;
    }
    //@ for r in 0..4
    //@ for v in 0..3
    c{r}{v}.intoArray(tile, {r*NR_W+v*L});
    //@ end
    //@ end
    writeTile(tile, c, ci, ldc, 5, NR_W, alpha, beta);
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

  /**
   * C tile = alpha * tile + beta * C (beta 0: old C ignored), element by element as {@code
   * DoubleMicroKernels}' writeTile rounds it (the product by alpha, then the sum).
   */
  private static void writeTile(double[] tile, double[] c, int ci, int ldc, int rows, int cols,
      double alpha, double beta) {
    if (cols == NR_W) {
      for (int r = 0; r < rows; r++) {
        int row = ci + r * ldc;
        for (int v = 0; v < NR_W; v += L) {
          DoubleVector t = DoubleVector.fromArray(S, tile, r * NR_W + v).mul(alpha);
          if (beta != 0) {
            t = DoubleVector.fromArray(S, c, row + v).mul(beta).add(t);
          }
          t.intoArray(c, row + v);
        }
      }
      return;
    }
    for (int r = 0; r < rows; r++) {
      int row = ci + r * ldc;
      for (int j = 0; j < cols; j++) {
        double v = alpha * tile[r * NR_W + j];
        c[row + j] = beta == 0 ? v : v + beta * c[row + j];
      }
    }
  }
}

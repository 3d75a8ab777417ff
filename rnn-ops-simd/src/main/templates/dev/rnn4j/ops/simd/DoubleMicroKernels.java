package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleGemmShapes.L;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MR;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NR;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NR_W;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.S;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The register-blocked micro-kernels: one tile of C, at most {@code MR} rows by two vectors
 * ({@link #tile6x2}), four ({@link #tile6x4}, on 512-bit machines) or one vector ({@link
 * #tile6x1}) of columns, and five rows by two or four vectors ({@link #tile5x2}, {@link
 * #tile5x4}). Where A and B are read is given by steps, so that one kernel serves the
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
 * bStep} ldb). A template (expanded by {@code src/build/KernelTemplates.java}): each kind of
 * register line is written once, in a loop, and the build writes the kernels out register by
 * register, since a vector held in an array or passed to a method that C2 does not inline is boxed.
 *
 * <p>The kernels call no helper method of their own on vectors (a tile's start from {@code beta *
 * C} is written out in each). These methods are large, and C2 inlines an ordinary method only
 * while the compilation is below a node count (JDK 17's {@code NodeCountInliningCutoff}, 18,000;
 * the Vector API's own methods are forced inline regardless). Whether a kernel crossed it depended
 * on the profile the JIT happened to collect: in 2 of 40 JVMs on JDK 17, {@code tile6x4} was
 * compiled with five calls to such a helper left out of line, their vectors boxed, and {@code dS =
 * dO V} of c at batch 32 ran at 10 instead of 120 GFLOP/s for the JVM's whole life ({@code
 * rnn-bench/results/2026-12-07-jdk17-node-cutoff.csv}).
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleMicroKernels {
  private DoubleMicroKernels() {}

  //@ for W in 1..2
  /**
   * C tile (rows x cols, at most MR x {W=1?NR:NR_W}) = alpha * (strip of A x panel of B) + beta * C
   * (beta 0: old C ignored), A and B at the steps described in the class comment. With {@code fromC} (only
   * with alpha 1) a full tile starts from {@code beta * C} and is stored straight back: with a
   * short depth (dV = dO^T S over one sequence) the round trip through the tile buffer is a
   * sizeable share of the kernel. tile6x4 (on 512-bit machines, {@code DoubleGemmShapes.WIDE})
   * reads four vectors of B per step, 10 loads for 24 multiply-adds instead of 8 for 12; each
   * element of C gets the same chain of multiply-adds and the same rounding as in tile6x2.
   */
  static void tile6x{W=1?2:4}(int kc, double[] a, int ai, int rowStep, int depthStep, double[] b, int bi,
      int bStep, double[] c, int ci, int ldc, int rows, int cols, double alpha, double beta,
      boolean fromC, double[] tile) {
    int last = rows - 1;
    //@ for r in 1..5
    int r{r} = ai + Math.min({r}, last) * rowStep;
    //@ end
    boolean full = fromC && rows == MR && cols == {W=1?NR:NR_W};
    boolean load = full && beta != 0;
    int ld = full ? ldc : {W=1?NR:NR_W};
    DoubleVector z = DoubleVector.zero(S);
    //@ for r in 0..5
    //@ for v in 0..{W=1?1:3}
    DoubleVector c{r}{v} = z;
    //@ end
    //@ end
    if (load) { // written out, not through a helper method: see the class comment
      //@ for r in 0..5
      //@ for v in 0..{W=1?1:3}
      c{r}{v} = DoubleVector.fromArray(S, c, ci{+r*ld+v*L});
      //@ end
      //@ end
      if (beta != 1) {
        //@ for r in 0..5
        //@ for v in 0..{W=1?1:3}
        c{r}{v} = c{r}{v}.mul(beta);
        //@ end
        //@ end
      }
    }
    for (int p = 0, off = 0; p < kc; p++, off += depthStep) {
      //@ for v in 0..{W=1?1:3}
      DoubleVector b{v} = DoubleVector.fromArray(S, b, bi{+v*L});
      //@ end
      //@ for r in 0..5
      {r=0?DoubleVector x:x} = DoubleVector.broadcast(S, a[{r=0?ai:r{r}} + off]);
      //@ for v in 0..{W=1?1:3}
      c{r}{v} = x.lanewise(VectorOperators.FMA, b{v}, c{r}{v});
      //@ end
      //@ end
      bi += bStep;
    }
    // Not full: spill to the tile buffer rather than pass vectors to a method (a vector that
    // escapes into a call C2 does not inline is boxed, and the boxing can leak into the k loop).
    double[] out = full ? c : tile;
    int o = full ? ci : 0;
    //@ for r in 0..5
    //@ for v in 0..{W=1?1:3}
    c{r}{v}.intoArray(out, o{+r*ld+v*L});
    //@ end
    //@ end
    if (!full) {
      writeTile(tile, {W=1?NR:NR_W}, c, ci, ldc, rows, cols, alpha, beta);
    }
  }

  //@ end
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
    //@ for r in 0..5
    //@ for v in 0..1
    DoubleVector c{r}{v} = z;
    //@ end
    //@ end
    if (load) { // written out, not through a helper method: see the class comment
      //@ for r in 0..5
      //@ for v in 0..1
      c{r}{v} = DoubleVector.fromArray(S, c, ci{+r*ld+v*L});
      //@ end
      //@ end
      if (beta != 1) {
        //@ for r in 0..5
        //@ for v in 0..1
        c{r}{v} = c{r}{v}.mul(beta);
        //@ end
        //@ end
      }
    }
    for (int p = 0; p < kc; p++, ai += MR, bi += bStep) {
      //@ for v in 0..1
      DoubleVector b{v} = DoubleVector.fromArray(S, b, bi{+v*L});
      //@ end
      //@ for r in 0..5
      {r=0?DoubleVector x:x} = DoubleVector.broadcast(S, ap[ai{+r}]);
      //@ for v in 0..1
      c{r}{v} = x.lanewise(VectorOperators.FMA, b{v}, c{r}{v});
      //@ end
      //@ end
    }
    double[] out = full ? c : tile;
    int o = full ? ci : 0;
    //@ for r in 0..5
    //@ for v in 0..1
    c{r}{v}.intoArray(out, o{+r*ld+v*L});
    //@ end
    //@ end
    if (!full) {
      writeTile(tile, NR, c, ci, ldc, rows, cols, 1, beta);
    }
  }


  /**
   * {@link #tile6x2} for a strip of at most L columns (e.g. the last 4 of a width of 100): one
   * vector of B per step instead of two, half the multiply-adds.
   */
  static void tile6x1(int kc, double[] a, int ai, int rowStep, int depthStep, double[] b, int bi,
      int bStep, double[] c, int ci, int ldc, int rows, int cols, double alpha, double beta,
      double[] tile) {
    int last = rows - 1;
    //@ for r in 1..5
    int r{r} = ai + Math.min({r}, last) * rowStep;
    //@ end
    //@ for r in 0..5
    DoubleVector c{r} = {r=0?DoubleVector.zero(S):c0};
    //@ end
    for (int p = 0, off = 0; p < kc; p++, off += depthStep) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
      //@ for r in 0..5
      c{r} = DoubleVector.broadcast(S, a[{r=0?ai:r{r}} + off]).lanewise(VectorOperators.FMA, b0, c{r});
      //@ end
      bi += bStep;
    }
    //@ for r in 0..5
    c{r}.intoArray(tile, {r*NR});
    //@ end
    writeTile(tile, NR, c, ci, ldc, rows, cols, alpha, beta);
  }

  //@ for W in 1..2
  /**
   * {@link #tile6x{W=1?2:4}} with rows of A in place, for exactly five rows and {@code {W=1?NR:NR_W}} columns,
   * for row counts that are multiples of five but not of {@code MR}.
   */
  static void tile5x{W=1?2:4}(int kc, double[] a, int ai, int lda, double[] bp, int bi,
      int bStep, double[] c, int ci, int ldc, double alpha, double beta, double[] tile) {
    int w = {W=1?NR:NR_W};
    int a0 = ai;
    //@ for r in 1..4
    int a{r} = ai{+r*lda};
    //@ end
    //@ for r in 0..4
    //@ for v in 0..{W=1?1:3}
    DoubleVector c{r}{v} = {r+v=0?DoubleVector.zero(S):c00};
    //@ end
    //@ end
    for (int p = 0; p < kc; p++) {
      //@ for v in 0..{W=1?1:3}
      DoubleVector b{v} = DoubleVector.fromArray(S, bp, bi{+v*L});
      //@ end
      //@ for r in 0..4
      {r=0?DoubleVector x:x} = DoubleVector.broadcast(S, a[a{r} + p]);
      //@ for v in 0..{W=1?1:3}
      c{r}{v} = x.lanewise(VectorOperators.FMA, b{v}, c{r}{v});
      //@ end
      //@ end
      bi += bStep;
    }
    //@ for r in 0..4
    //@ for v in 0..{W=1?1:3}
    c{r}{v}.intoArray(tile, {r*w+v*L});
    //@ end
    //@ end
    writeTile(tile, w, c, ci, ldc, 5, w, alpha, beta);
  }
  //@ end

  /**
   * C tile = alpha * tile + beta * C (beta 0: old C ignored), the tile buffer {@code width}
   * columns wide (NR, or NR_W for the four-vector tiles): the product by alpha, then the sum.
   */
  static void writeTile(double[] tile, int width, double[] c, int ci, int ldc, int rows,
      int cols, double alpha, double beta) {
    if (cols == width) {
      for (int r = 0; r < rows; r++) {
        int row = ci + r * ldc;
        for (int v = 0; v < width; v += L) {
          DoubleVector t = DoubleVector.fromArray(S, tile, r * width + v).mul(alpha);
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
        double v = alpha * tile[r * width + j];
        c[row + j] = beta == 0 ? v : v + beta * c[row + j];
      }
    }
  }
}

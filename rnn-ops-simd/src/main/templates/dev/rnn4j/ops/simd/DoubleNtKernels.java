package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleBuffers.START;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.L;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.S;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The micro-kernels of {@link DoubleGemmFewRows}: products of rows of B read in place with one to
 * three packed panels of op(A)^T, into a tile buffer ({@code ntKernel1..3}); and dot products
 * along k of one to four rows of A with rows of B, both in place, for the rows of C past the last
 * whole panel ({@code dotKernel1..4}).
 *
 * <p>A template (expanded by {@code src/build/KernelTemplates.java}): each kind of register line is
 * written once, in a loop, and the build writes the kernels out register by register, since a
 * vector held in an array or passed to a method C2 does not inline is boxed. Shorter generated
 * kernels measured slower on the output-layer shapes ({@code
 * rnn-bench/results/2026-12-06-nt-kernel-shorter-variants.csv}): fewer rows of B per call (8 and
 * 6 instead of 12 and 8) at 0.7-0.8x, stores through small helper methods at 0.25-0.7x.
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleNtKernels {
  private DoubleNtKernels() {}

  /**
   * tile[t + r * L + q] = sum_p B[row r][p] * ap[START + p * L + q] for MR_NT rows of B from
   * {@code bi}, {@code ldb} apart (rows past {@code rows} repeat the last one; their results are
   * unused).
   */
  static void ntKernel1(int kc, double[] ap, double[] b, int bi, int ldb, int rows,
      double[] tile, int t) {
    int last = rows - 1;
    int b0 = bi;
    //@ for r in 1..11
    int b{r} = bi + Math.min({r}, last) * ldb;
    //@ end
    //@ for r in 0..11
    DoubleVector c{r} = {r=0?DoubleVector.zero(S):c0};
    //@ end
    for (int p = 0; p < kc; p++) {
      DoubleVector v = DoubleVector.fromArray(S, ap, START + p * L);
      //@ for r in 0..11
      c{r} = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b{r} + p]), c{r});
      //@ end
    }
    //@ for r in 0..11
    c{r}.intoArray(tile, t{+r*L});
    //@ end
  }
  //@ for P in 2..3

  /**
   * {@link #ntKernel1} with {P} panels, MR_NT{P=2?:3} rows: tile[t + r * {P}L + q],
   * ap[START + p * {P}L + q].
   */
  static void ntKernel{P}(int kc, double[] ap, double[] b, int bi, int ldb, int rows,
      double[] tile, int t) {
    int last = rows - 1;
    int b0 = bi;
    //@ for r in 1..{P=2?11:8}
    int b{r} = bi + Math.min({r}, last) * ldb;
    //@ end
    //@ for r in 0..{P=2?11:8}
    //@ for q in 0..{P=2?1:2}
    DoubleVector c{r:x}{q} = {r+q=0?DoubleVector.zero(S):c00};
    //@ end
    //@ end
    for (int p = 0; p < kc; p++) {
      //@ for q in 0..{P=2?1:2}
      DoubleVector v{q} = DoubleVector.fromArray(S, ap, START + {P} * p * L{+q*L});
      //@ end
      //@ for r in 0..{P=2?11:8}
      {r=0?DoubleVector x:x} = DoubleVector.broadcast(S, b[b{r} + p]);
      //@ for q in 0..{P=2?1:2}
      c{r:x}{q} = v{q}.lanewise(VectorOperators.FMA, x, c{r:x}{q});
      //@ end
      //@ end
    }
    int w = {P} * L;
    //@ for r in 0..{P=2?11:8}
    //@ for q in 0..{P=2?1:2}
    c{r:x}{q}.intoArray(tile, t{+r*w+q*L});
    //@ end
    //@ end
  }
  //@ end
  //@ for R in 1..4

  /**
   * C[ci + r * ldc + q] = alpha * sum_p A[ai + r * lda + p] * B[bi + q * ldb + p] + beta * C[..]
   * (beta 0: old C ignored) for r &lt; {R}, q &lt; {@code rowsB} &lt;= 4, p &lt; kc (a multiple
   * of L): dot products of {R} row{R=1?:s} of A with up to 4 rows of B, both read in place along
   * k (rows of B past {@code rowsB} repeat the last one; their results are not stored). Each sum
   * is a chain of multiply-adds per lane, over p, p + L, ..., then the lanes added in lane order
   * through {@code lanes} (at least 16 L elements): a fixed order, so the same bits whether the
   * caller runs interpreted or compiled ({@code reduceLanes(ADD)} changes its order on JDK 25).
   */
  static void dotKernel{R}(int kc, double[] a, int ai, int lda, double[] b, int bi, int ldb,
      int rowsB, double[] c, int ci, int ldc, double alpha, double beta, double[] lanes) {
    int b0 = bi;
    //@ for q in 1..3
    int b{q} = bi + Math.min({q}, rowsB - 1) * ldb;
    //@ end
    //@ for r in 0..{R-1}
    //@ for q in 0..3
    DoubleVector c{r}{q} = {r+q=0?DoubleVector.zero(S):c00};
    //@ end
    //@ end
    for (int p = 0; p < kc; p += L) {
      //@ for r in 0..{R-1}
      DoubleVector x{r} = DoubleVector.fromArray(S, a, ai{+r*lda} + p);
      //@ end
      //@ for q in 0..3
      DoubleVector y{q} = DoubleVector.fromArray(S, b, b{q} + p);
      //@ for r in 0..{R-1}
      c{r}{q} = x{r}.lanewise(VectorOperators.FMA, y{q}, c{r}{q});
      //@ end
      //@ end
    }
    int w = 4 * L;
    //@ for r in 0..{R-1}
    //@ for q in 0..3
    c{r}{q}.intoArray(lanes, {r*w+q*L});
    //@ end
    //@ end
    //@ for r in 0..{R-1}
    //@ for q in 0..3
    double s{r}{q} = laneSum(lanes, {r*w+q*L});
    //@ end
    //@ end
    //@ for r in 0..{R-1}
    store(c, ci{+r*ldc}, rowsB, alpha, beta, s{r}0, s{r}1, s{r}2, s{r}3);
    //@ end
  }
  //@ end

  /** The sum of lanes[i .. i + L), in order. */
  private static double laneSum(double[] lanes, int i) {
    double s = lanes[i];
    for (int l = 1; l < L; l++) {
      s += lanes[i + l];
    }
    return s;
  }

  /**
   * C[ci + q] = alpha * s_q + beta * C[ci + q] (beta 0: old C ignored) for q &lt; count, by
   * {@link DoubleGemv#storeScaled}.
   */
  private static void store(double[] c, int ci, int count, double alpha, double beta,
      double s0, double s1, double s2, double s3) {
    DoubleGemv.storeScaled(c, ci, s0, alpha, beta);
    if (count > 1) {
      DoubleGemv.storeScaled(c, ci + 1, s1, alpha, beta);
    }
    if (count > 2) {
      DoubleGemv.storeScaled(c, ci + 2, s2, alpha, beta);
    }
    if (count > 3) {
      DoubleGemv.storeScaled(c, ci + 3, s3, alpha, beta);
    }
  }
}

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
 * build writes the kernel out register by register from the loops below, and, for the reason
 * given there, calls no helper method of its own on vectors.
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleWideKernels {
  private DoubleWideKernels() {}

  /**
   * C tile (rows x cols, at most MR_W x NR_W) = A strip x packed B panel + beta * C (beta 0: old
   * C ignored); alpha is in the packed A (or B). The strip's MR_W elements at one depth are
   * contiguous, {@code aStep} apart from one depth to the next: MR_W in a packed panel of A, or a
   * row's length for A^T read in place (then for a whole strip only: all MR_W elements are read).
   * A full tile starts from {@code beta * C} and is stored straight back; a partial one goes
   * through {@code tile}.
   *
   * <p>The k loop computes its indices from the loop counter rather than stepping them: with
   * stepped indices, Temurin 25's C2 compiled this method in some JVMs with the four vectors of B
   * on the stack, reloaded before every multiply-add (its 24 accumulators, B and the broadcasts
   * fill the 32 registers, and that compile also parked integers in vector registers), and every
   * product on the wide path ran at half speed for the JVM's life; computed from the counter, that
   * did not happen in 16 JVMs ({@code rnn-bench/results/2026-12-07-wide-tile-spills.csv}).
   */
  static void tile6x4Packed(int kc, double[] ap, int ai, int aStep, double[] bp, int bi,
      double[] c, int ci, int ldc, int rows, int cols, double beta, double[] tile) {
    boolean full = rows == MR_W && cols == NR_W;
    boolean load = full && beta != 0;
    int ld = full ? ldc : NR_W;
    DoubleVector z = DoubleVector.zero(S);
    //@ for r in 0..5
    //@ for v in 0..3
    DoubleVector c{r}{v} = z;
    //@ end
    //@ end
    if (load) { // written out, not through a helper method: see the class comment
      //@ for r in 0..5
      //@ for v in 0..3
      c{r}{v} = DoubleVector.fromArray(S, c, ci{+r*ld+v*L});
      //@ end
      //@ end
      if (beta != 1) {
        //@ for r in 0..5
        //@ for v in 0..3
        c{r}{v} = c{r}{v}.mul(beta);
        //@ end
        //@ end
      }
    }
    for (int p = 0; p < kc; p++) {
      int bq = bi + p * NR_W;
      int aq = ai + p * aStep;
      //@ for v in 0..3
      DoubleVector b{v} = DoubleVector.fromArray(S, bp, bq{+v*L});
      //@ end
      //@ for r in 0..5
      {r=0?DoubleVector x:x} = DoubleVector.broadcast(S, ap[aq{+r}]);
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
      DoubleMicroKernels.writeTile(tile, NR_W, c, ci, ldc, rows, cols, 1, beta);
    }
  }

}

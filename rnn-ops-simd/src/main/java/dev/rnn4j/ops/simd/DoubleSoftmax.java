// TEMPLATE: the float version (FloatSoftmax) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleExp.expShiftedInPlace;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The softmax with cross-entropy over rows (one pass for the max, one exp pass that sums, one
 * scaling pass), split over the {@link WorkerPool} by rows when large; and the vector max it uses.
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleSoftmax {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /**
   * A softmax over at least this many elements is split over the pool by rows: the limit of the
   * other row-wise work, {@code DoubleElementwise.PARALLEL_MIN_ROWWISE}, so that a1's logits at
   * batch 32 (800 x 65) are split too (the limit was 2^16; {@code
   * rnn-bench/results/2026-12-07-rowwise-split.csv}).
   */
  static final int PARALLEL_MIN_SOFTMAX = DoubleElementwise.PARALLEL_MIN_ROWWISE;

  private final WorkerPool pool;

  /** @param pool the threads a large softmax may use */
  DoubleSoftmax(WorkerPool pool) {
    this.pool = pool;
  }

  /** As {@code DoubleKernels.softmaxCrossEntropy}; the rows split over the pool when large. */
  /*wide*/ double softmaxCrossEntropy(int rows, int cols, double[] x, int off,
      int[] targets, int tOff, /*wide*/ double[] rowLoss, boolean gradient) {
    int threads = pool.threads();
    if (threads == 1 || rows < 2 || (long) rows * cols < PARALLEL_MIN_SOFTMAX) {
      return softmaxRows(0, rows, cols, x, off, targets, tOff, rowLoss, gradient);
    }
    // Rows split over the pool; the total is summed in row order afterwards, as the serial loop
    // does, so the result does not depend on the thread count.
    /*wide*/ double[] losses = rowLoss != null ? rowLoss : new /*wide*/ double[rows];
    pool.runRowRanges(rows, (from, to) -> softmaxRows(from, to, cols, x, off, targets, tOff, losses,
        gradient));
    /*wide*/ double total = 0;
    for (int r = 0; targets != null && r < rows; r++) {
      if (targets[tOff + r] >= 0) {
        total += losses[r];
      }
    }
    return total;
  }

  /** The softmax + cross-entropy of rows {@code [from, to)}; returns their summed loss. */
  private static /*wide*/ double softmaxRows(int from, int to, int cols, double[] x, int off,
      int[] targets, int tOff, /*wide*/ double[] rowLoss, boolean gradient) {
    /*wide*/ double total = 0;
    for (int r = from; r < to; r++) {
      int base = off + r * cols;
      int target = targets == null ? -1 : targets[tOff + r];
      if (target < 0 && targets != null) {
        if (gradient) {
          java.util.Arrays.fill(x, base, base + cols, (double) 0);
        }
        if (rowLoss != null) {
          rowLoss[r] = 0;
        }
        continue;
      }
      double max = max(cols, x, base);
      /*wide*/ double targetShifted = target >= 0 ? (/*wide*/ double) x[base + target] - max : 0;
      // One exp pass: x = exp(x - max) with the sum taken on the way, then one scaling pass.
      /*wide*/ double sum = expShiftedInPlace(cols, x, base, max);
      /*wide*/ double logSum = Math.log(sum);
      if (target >= 0) {
        /*wide*/ double loss = logSum - targetShifted;
        total += loss;
        if (rowLoss != null) {
          rowLoss[r] = loss;
        }
      }
      DoubleElementwise.scale(cols, (double) (1 / sum), x, base, x, base);
      if (gradient) {
        x[base + target] -= 1;
      }
    }
    return total;
  }

  /**
   * The largest element (NaN elements are skipped: the exp pass then turns them, and the row's
   * sum, into NaN). Compare-and-blend on four accumulators: the vector max of Java semantics
   * (NaN and -0.0 rules) is several instructions, and one accumulator makes a latency chain; this
   * is 2.5 times faster on 8000 floats.
   */
  static double max(int n, double[] x, int off) {
    int i = 0;
    double max = Double.NEGATIVE_INFINITY;
    if (n >= L) {
      DoubleVector m0 = DoubleVector.broadcast(S, max);
      DoubleVector m1 = m0;
      DoubleVector m2 = m0;
      DoubleVector m3 = m0;
      for (; i + 4 * L <= n; i += 4 * L) {
        DoubleVector v0 = DoubleVector.fromArray(S, x, off + i);
        DoubleVector v1 = DoubleVector.fromArray(S, x, off + i + L);
        DoubleVector v2 = DoubleVector.fromArray(S, x, off + i + 2 * L);
        DoubleVector v3 = DoubleVector.fromArray(S, x, off + i + 3 * L);
        m0 = m0.blend(v0, m0.compare(VectorOperators.LT, v0));
        m1 = m1.blend(v1, m1.compare(VectorOperators.LT, v1));
        m2 = m2.blend(v2, m2.compare(VectorOperators.LT, v2));
        m3 = m3.blend(v3, m3.compare(VectorOperators.LT, v3));
      }
      for (; i + L <= n; i += L) {
        DoubleVector v0 = DoubleVector.fromArray(S, x, off + i);
        m0 = m0.blend(v0, m0.compare(VectorOperators.LT, v0));
      }
      m0 = m0.blend(m1, m0.compare(VectorOperators.LT, m1));
      m2 = m2.blend(m3, m2.compare(VectorOperators.LT, m3));
      m0 = m0.blend(m2, m0.compare(VectorOperators.LT, m2));
      max = m0.reduceLanes(VectorOperators.MAX);
    }
    for (; i < n; i++) {
      if (x[off + i] > max) {
        max = x[off + i];
      }
    }
    return max;
  }
}

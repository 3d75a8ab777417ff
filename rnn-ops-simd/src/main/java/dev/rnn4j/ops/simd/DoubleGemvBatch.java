// TEMPLATE: the float version (FloatGemvBatch) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The packed matrix-vector product for several vectors at once ({@code
 * BatchedPackedProducts.gemvBatch}): the recurrence of a batch multiplies the same packed weight by
 * one row of states per sequence, step after step. Each panel of the matrix packed by {@link
 * DoubleGemv} is read once for four vectors ({@link DoubleGemvBatchKernel}), and every output
 * gets the bits {@link DoubleGemv} gives it alone.
 */
final class DoubleGemvBatch {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private final DoubleGemv gemv;

  /** @param gemv the single-vector products, whose panels and thread split this follows */
  DoubleGemvBatch(DoubleGemv gemv) {
    this.gemv = gemv;
  }

  /**
   * {@link DoubleGemv#gemvPacked} for {@code count} vectors ({@code x_i} from {@code xOff + i *
   * ldx}, {@code y_i} from {@code yOff + i * ldy}), each with the bits {@code gemvPacked} gives
   * it: every panel is read once per four vectors instead of once per vector, with sixteen
   * accumulators (four vectors of outputs for each of four x) in registers. Split over the pool as
   * {@code gemvPacked}.
   */
  void gemvPackedBatch(int rows, int cols, int panelRows, int count, double alpha, double[] a,
      int aOff, double[] x, int xOff, int ldx, double beta, double[] y, int yOff, int ldy) {
    if (count == 1) {
      gemv.gemvPacked(rows, cols, panelRows, alpha, a, aOff, x, xOff, beta, y, yOff);
      return;
    }
    gemv.onPanelParts(rows, (int) Math.min(Integer.MAX_VALUE, (long) cols * count), panelRows,
        (from, to) -> {
          for (int panel = from; panel < to; panel++) {
            int i = 0;
            for (; i + 4 <= count; i += 4) {
              DoubleGemvBatchKernel.panelTimesFour(panel, rows, cols, alpha, a, aOff, x,
                  xOff + i * ldx, ldx, beta, y, yOff + i * ldy, ldy);
            }
            for (; i < count; i++) {
              DoubleGemv.gemvPanels(panel, panel + 1, rows, cols, alpha, a, aOff, x,
                  xOff + i * ldx, beta, y, yOff + i * ldy);
            }
          }
        });
  }

  /**
   * Outputs {@code [i, i + 4 L)} of one vector ({@code tile[t..]}, cut at {@code rows}) into y as
   * {@code gemvPanels} stores them: as they are when alpha is 1 and beta 0, else {@code alpha *
   * t + beta * y} with the roundings of {@code storeScaled}.
   */
  static void storePanelRow(double[] tile, int t, int i, int rows, double alpha,
      double beta, double[] y, int yOff) {
    int pr = 4 * L;
    if (i + pr <= rows) {
      if (alpha == 1 && beta == 0) {
        System.arraycopy(tile, t, y, yOff + i, pr);
        return;
      }
      for (int v = 0; v < pr; v += L) {
        DoubleGemv.storeScaled(DoubleVector.fromArray(S, tile, t + v), alpha, beta, y,
            yOff + i + v);
      }
      return;
    }
    for (int r = 0, end = Math.min(pr, rows - i); r < end; r++) {
      DoubleGemv.storeScaled(y, yOff + i + r, tile[t + r], alpha, beta);
    }
  }
}

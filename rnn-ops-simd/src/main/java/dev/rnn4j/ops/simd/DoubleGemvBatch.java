// TEMPLATE: the float version (FloatGemvBatch) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The packed matrix-vector product for several vectors at once ({@code
 * BatchedPackedProducts.gemvBatch}): the recurrence of a batch multiplies the same packed weight by
 * one row of states per sequence, step after step. Each panel of the matrix packed by {@link
 * DoubleGemv} is read once for four vectors, and every output gets the bits {@link DoubleGemv}
 * gives it alone.
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
      double[] x, int xOff, int ldx, double beta, double[] y, int yOff, int ldy) {
    if (count == 1) {
      gemv.gemvPacked(rows, cols, panelRows, alpha, a, x, xOff, beta, y, yOff);
      return;
    }
    gemv.onPanelParts(rows, (int) Math.min(Integer.MAX_VALUE, (long) cols * count), panelRows,
        (from, to) -> {
          for (int panel = from; panel < to; panel++) {
            int i = 0;
            for (; i + 4 <= count; i += 4) {
              panelTimesFour(panel, rows, cols, alpha, a, x, xOff + i * ldx, ldx, beta, y,
                  yOff + i * ldy, ldy);
            }
            for (; i < count; i++) {
              DoubleGemv.gemvPanels(panel, panel + 1, rows, cols, alpha, a, x, xOff + i * ldx,
                  beta, y, yOff + i * ldy);
            }
          }
        });
  }

  /**
   * One panel times four vectors, each output lane one multiply-add chain over the columns from
   * column 0, as {@link DoubleGemv#gemvPanels} computes it; the sums go through the thread's tile
   * and are then scaled and stored as {@code gemvPanels} stores them.
   */
  private static void panelTimesFour(int panel, int rows, int cols, double alpha, double[] a,
      double[] x, int xOff, int ldx, double beta, double[] y, int yOff, int ldy) {
    int pr = 4 * L;
    int idx = panel * pr * cols;
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    DoubleVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00;
    DoubleVector c33 = c00;
    int x1 = xOff + ldx;
    int x2 = x1 + ldx;
    int x3 = x2 + ldx;
    for (int j = 0; j < cols; j++) {
      DoubleVector a0 = DoubleVector.fromArray(S, a, idx);
      DoubleVector a1 = DoubleVector.fromArray(S, a, idx + L);
      DoubleVector a2 = DoubleVector.fromArray(S, a, idx + 2 * L);
      DoubleVector a3 = DoubleVector.fromArray(S, a, idx + 3 * L);
      DoubleVector b = DoubleVector.broadcast(S, x[xOff + j]);
      c00 = a0.lanewise(VectorOperators.FMA, b, c00);
      c01 = a1.lanewise(VectorOperators.FMA, b, c01);
      c02 = a2.lanewise(VectorOperators.FMA, b, c02);
      c03 = a3.lanewise(VectorOperators.FMA, b, c03);
      b = DoubleVector.broadcast(S, x[x1 + j]);
      c10 = a0.lanewise(VectorOperators.FMA, b, c10);
      c11 = a1.lanewise(VectorOperators.FMA, b, c11);
      c12 = a2.lanewise(VectorOperators.FMA, b, c12);
      c13 = a3.lanewise(VectorOperators.FMA, b, c13);
      b = DoubleVector.broadcast(S, x[x2 + j]);
      c20 = a0.lanewise(VectorOperators.FMA, b, c20);
      c21 = a1.lanewise(VectorOperators.FMA, b, c21);
      c22 = a2.lanewise(VectorOperators.FMA, b, c22);
      c23 = a3.lanewise(VectorOperators.FMA, b, c23);
      b = DoubleVector.broadcast(S, x[x3 + j]);
      c30 = a0.lanewise(VectorOperators.FMA, b, c30);
      c31 = a1.lanewise(VectorOperators.FMA, b, c31);
      c32 = a2.lanewise(VectorOperators.FMA, b, c32);
      c33 = a3.lanewise(VectorOperators.FMA, b, c33);
      idx += pr;
    }
    double[] tile = DoubleBuffers.get().tile;
    c00.intoArray(tile, 0);
    c01.intoArray(tile, L);
    c02.intoArray(tile, 2 * L);
    c03.intoArray(tile, 3 * L);
    c10.intoArray(tile, 4 * L);
    c11.intoArray(tile, 5 * L);
    c12.intoArray(tile, 6 * L);
    c13.intoArray(tile, 7 * L);
    c20.intoArray(tile, 8 * L);
    c21.intoArray(tile, 9 * L);
    c22.intoArray(tile, 10 * L);
    c23.intoArray(tile, 11 * L);
    c30.intoArray(tile, 12 * L);
    c31.intoArray(tile, 13 * L);
    c32.intoArray(tile, 14 * L);
    c33.intoArray(tile, 15 * L);
    for (int r = 0; r < 4; r++) {
      storePanelRow(tile, r * pr, panel * pr, rows, alpha, beta, y, yOff + r * ldy);
    }
  }

  /**
   * Outputs {@code [i, i + 4 L)} of one vector ({@code tile[t..]}, cut at {@code rows}) into y as
   * {@code gemvPanels} stores them: as they are when alpha is 1 and beta 0, else {@code alpha *
   * t + beta * y} with the roundings of {@code storeScaled}.
   */
  private static void storePanelRow(double[] tile, int t, int i, int rows, double alpha,
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

package dev.rnn4j.ops.scalar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Filling a packed matrix range by range (as a backend does from several threads). */
class PanelMatrixTest {

  @Test
  void fillingPanelRangesOneByOneGivesThePackOfTheWholeMatrix() {
    Random rnd = new Random(3);
    for (DType dtype : DType.values()) {
      for (int panelRows : new int[] {0, 4, 16}) {
        for (boolean transA : new boolean[] {false, true}) {
          int rows = 37;
          int cols = 11;
          int lda = (transA ? rows : cols) + 2;
          Tensor a = Tensor.zeros(dtype, 3 + lda * (transA ? cols : rows));
          for (int i = 0; i < a.size(); i++) {
            a.set(i, rnd.nextDouble());
          }
          PanelMatrix whole = PanelMatrix.pack(transA, a, 3, lda, rows, cols, panelRows, null);
          PanelMatrix parts = PanelMatrix.allocate(transA, a, lda, rows, cols, panelRows, null);
          int panels = parts.panels();
          parts.fill(transA, a, 3, lda, panels / 2, panels);
          parts.fill(transA, a, 3, lda, 0, panels / 2);
          assertArrayEquals(values(whole.data()), values(parts.data()),
              dtype + " panelRows=" + panelRows + " transA=" + transA);
          assertEquals(rows, parts.rows());
        }
      }
    }
  }

  @Test
  void aRangeOutsideThePanelsOrAnotherDtypeIsRefusedWithTheReason() {
    Tensor a = Tensor.zeros(DType.F32, 8 * 8);
    PanelMatrix p = PanelMatrix.allocate(false, a, 8, 8, 8, 4, null);
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> p.fill(false, a, 0, 8, 1, 3));
    assertTrue(range.getMessage().contains("[1, 3)") && range.getMessage().contains("2 panels"),
        range.getMessage());
    IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
        () -> p.fill(false, Tensor.zeros(DType.F64, 64), 0, 8, 0, 2));
    assertTrue(dtype.getMessage().contains("F64"), dtype.getMessage());
  }

  private static double[] values(Tensor t) {
    double[] v = new double[t.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = t.get(i);
    }
    return v;
  }
}

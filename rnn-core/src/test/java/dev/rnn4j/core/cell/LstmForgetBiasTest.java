package dev.rnn4j.core.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.cell.Cell;
import dev.rnn4j.api.cell.CellSpec;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LstmForgetBiasTest {
  private static final int N = 5;

  private static Cell lstm(Options options) {
    return new LstmCellProvider().create(new CellSpec("layers.0.", 7, N, DType.F64, options),
        ScalarTensorOpsProvider.reference(), new SplittableRandom(4));
  }

  private static double[] value(Cell c, int index) {
    return c.parameters().get(index).value().toDoubleArray();
  }

  @Test
  void byDefaultEveryBiasIsDrawnUniformlyAsInPyTorch() {
    Cell c = lstm(Options.empty());
    double limit = 1 / Math.sqrt(N);
    for (int index : new int[] {2, 3}) {
      double[] b = value(c, index);
      for (double v : b) {
        assertTrue(Math.abs(v) <= limit, "bias " + v + " outside ±" + limit);
      }
      assertTrue(b[N] != 1 && b[N] != 0, "the forget slice is drawn, not set");
    }
  }

  @Test
  void aNumericForgetBiasSetsTheForgetSliceAfterTheSameDraws() {
    Cell uniform = lstm(Options.empty());
    Cell one = lstm(Options.of(LstmCellProvider.FORGET_BIAS, "1"));
    assertArrayEquals(value(uniform, 0), value(one, 0), "Wih_t drawn the same");
    assertArrayEquals(value(uniform, 1), value(one, 1), "Whh drawn the same");
    double[] bih = value(one, 2);
    double[] bhh = value(one, 3);
    for (int j = 0; j < 4 * N; j++) {
      boolean forget = j >= N && j < 2 * N;
      assertEquals(forget ? 1 : value(uniform, 2)[j], bih[j], "bih " + j);
      assertEquals(forget ? 0 : value(uniform, 3)[j], bhh[j], "bhh " + j);
    }
  }

  @Test
  void aForgetBiasThatIsNeitherUniformNorANumberIsRefused() {
    RnnException e = assertThrows(RnnException.class,
        () -> lstm(Options.of(LstmCellProvider.FORGET_BIAS, "high")));
    assertTrue(e.getMessage().contains("forget-bias"), e.getMessage());
  }
}

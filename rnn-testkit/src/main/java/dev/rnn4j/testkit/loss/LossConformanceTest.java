package dev.rnn4j.testkit.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.loss.Loss;
import dev.rnn4j.api.loss.LossProvider;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every {@link LossProvider} must keep, checked on seeded random logits. Subclass it
 * in one line, naming the provider and the options to create the loss with:
 *
 * <pre>{@code
 * class SoftmaxCrossEntropyConformanceTest extends LossConformanceTest {
 *   SoftmaxCrossEntropyConformanceTest() { super(new SoftmaxCrossEntropyProvider(), Options.empty()); }
 * }
 * }</pre>
 *
 * <p>The checks, all deterministic, in float32 and float64: the gradient written in place of the
 * logits equals central finite differences of the returned loss (float64); the returned loss is
 * the sum of the per-row losses; a padding target ({@code -1}) gives a row no loss and a zero
 * gradient; rows are independent (a batch gives each row what the row alone gives); offsets are
 * respected and nothing outside the rows is touched; logits of magnitude 1000 give finite values;
 * the same inputs give bit-identical results, also from two threads at once; float32 agrees with
 * float64; unknown option keys are refused with {@link RnnException}. What the loss computes is
 * the provider's own business: test its values against numbers computed independently, next to
 * the subclass.
 */
public abstract class LossConformanceTest {
  private static final int ROWS = 7;
  private static final int COLS = 11;

  private final LossProvider provider;
  private final Options options;

  /**
   * @param provider the provider under test
   * @param options the options to create the loss with
   */
  protected LossConformanceTest(LossProvider provider, Options options) {
    this.provider = provider;
    this.options = options;
  }

  /** @return the backend the loss is created with; by default the {@code scalar} reference */
  protected TensorOps ops() {
    return ScalarTensorOpsProvider.reference();
  }

  private Loss loss() {
    return provider.create(ops(), options);
  }

  private static Tensor logits(DType dtype, long seed, int size, double scale) {
    SplittableRandom r = new SplittableRandom(seed);
    Tensor t = Tensor.zeros(dtype, size);
    for (int i = 0; i < size; i++) {
      t.set(i, (r.nextDouble() * 2 - 1) * scale);
    }
    return t;
  }

  /** Targets in [0, COLS), with padding (-1) at rows 2 and 5. */
  private static int[] targets(long seed, int rows) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] t = new int[rows];
    for (int i = 0; i < rows; i++) {
      t[i] = i % 3 == 2 ? -1 : r.nextInt(COLS);
    }
    return t;
  }

  @Test
  void theGradientIsTheDerivativeOfTheReturnedLoss() {
    Loss loss = loss();
    Tensor x = logits(DType.F64, 1, ROWS * COLS, 2);
    int[] y = targets(2, ROWS);
    Tensor g = x.copy();
    loss.evaluate(ROWS, COLS, g, 0, y, 0, null, true);
    double h = 1e-5;
    for (int i = 0; i < x.size(); i++) {
      Tensor plus = x.copy();
      plus.set(i, x.get(i) + h);
      Tensor minus = x.copy();
      minus.set(i, x.get(i) - h);
      double numeric = (loss.evaluate(ROWS, COLS, plus, 0, y, 0, null, false)
          - loss.evaluate(ROWS, COLS, minus, 0, y, 0, null, false)) / (2 * h);
      assertEquals(numeric, g.get(i), 1e-7 * Math.max(1, Math.abs(numeric)),
          provider.name() + ": d loss / d logit " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void theLossIsTheSumOfTheRowLossesAndPaddingCountsNothing(DType dtype) {
    Tensor x = logits(dtype, 3, ROWS * COLS, 3);
    int[] y = targets(4, ROWS);
    double[] rowLoss = new double[ROWS];
    java.util.Arrays.fill(rowLoss, Double.NaN);
    double total = loss().evaluate(ROWS, COLS, x, 0, y, 0, rowLoss, true);
    double sum = 0;
    for (int r = 0; r < ROWS; r++) {
      assertTrue(Double.isFinite(rowLoss[r]), provider.name() + ": row " + r + " loss " + rowLoss[r]);
      sum += rowLoss[r];
      if (y[r] < 0) {
        assertEquals(0.0, rowLoss[r], provider.name() + ": padded row " + r + " has a loss");
        for (int c = 0; c < COLS; c++) {
          assertEquals(0.0, x.get(r * COLS + c), provider.name() + ": padded row " + r
              + " has a gradient");
        }
      }
    }
    assertEquals(sum, total, 1e-12 * Math.max(1, Math.abs(sum)), provider.name() + ": sum of rows");
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void rowsAreIndependentAndOffsetsAreRespected(DType dtype) {
    int off = 5;
    int tOff = 3;
    Tensor x = logits(dtype, 5, off + ROWS * COLS + 4, 2);
    int[] y = new int[tOff + ROWS];
    System.arraycopy(targets(6, ROWS), 0, y, tOff, ROWS);
    Tensor batch = x.copy();
    double[] batchRows = new double[ROWS];
    loss().evaluate(ROWS, COLS, batch, off, y, tOff, batchRows, true);
    for (int i = 0; i < x.size(); i++) {
      if (i < off || i >= off + ROWS * COLS) {
        assertEquals(x.get(i), batch.get(i), provider.name() + ": element " + i
            + " outside the rows changed");
      }
    }
    for (int r = 0; r < ROWS; r++) {
      Tensor one = x.copy();
      double[] oneRow = new double[1];
      loss().evaluate(1, COLS, one, off + r * COLS, y, tOff + r, oneRow, true);
      assertEquals(oneRow[0], batchRows[r], provider.name() + ": row " + r + " alone");
      for (int c = 0; c < COLS; c++) {
        int at = off + r * COLS + c;
        assertEquals(one.get(at), batch.get(at), provider.name() + ": gradient of row " + r
            + " alone");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void largeLogitsGiveFiniteLossesAndGradients(DType dtype) {
    Tensor x = logits(dtype, 7, ROWS * COLS, 1000);
    double total = loss().evaluate(ROWS, COLS, x, 0, targets(8, ROWS), 0, null, true);
    assertTrue(Double.isFinite(total), provider.name() + ": loss " + total);
    for (int i = 0; i < x.size(); i++) {
      assertTrue(Double.isFinite(x.get(i)), provider.name() + ": gradient " + i + " is " + x.get(i));
    }
  }

  @Test
  void theSameInputsGiveBitIdenticalResultsAlsoFromTwoThreads() throws Exception {
    Loss loss = loss();
    int rows = 64;
    Tensor x = logits(DType.F32, 9, rows * COLS, 4);
    int[] y = targets(10, rows);
    Tensor first = x.copy();
    double expected = loss.evaluate(rows, COLS, first, 0, y, 0, null, true);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        Tensor a = x.copy();
        Tensor b = x.copy();
        Future<Double> fa = pool.submit(() -> loss.evaluate(rows, COLS, a, 0, y, 0, null, true));
        Future<Double> fb = pool.submit(() -> loss.evaluate(rows, COLS, b, 0, y, 0, null, true));
        assertEquals(expected, fa.get(), provider.name() + ": loss, thread 1, round " + round);
        assertEquals(expected, fb.get(), provider.name() + ": loss, thread 2, round " + round);
        assertTrue(first.contentEquals(a) && first.contentEquals(b),
            provider.name() + ": gradient differs between calls, round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void float32AgreesWithFloat64() {
    Tensor x64 = logits(DType.F64, 11, ROWS * COLS, 2);
    Tensor x32 = Tensor.zeros(DType.F32, x64.size());
    for (int i = 0; i < x64.size(); i++) {
      x32.set(i, (float) x64.get(i));
      x64.set(i, x32.get(i)); // the same numbers in both
    }
    int[] y = targets(12, ROWS);
    double l64 = loss().evaluate(ROWS, COLS, x64, 0, y, 0, null, true);
    double l32 = loss().evaluate(ROWS, COLS, x32, 0, y, 0, null, true);
    assertEquals(l64, l32, 1e-5 * Math.max(1, Math.abs(l64)), provider.name() + ": loss");
    for (int i = 0; i < x64.size(); i++) {
      assertEquals(x64.get(i), x32.get(i), 1e-5, provider.name() + ": gradient " + i);
    }
  }

  @Test
  void unknownOptionsAreRefused() {
    RnnException e = assertThrows(RnnException.class,
        () -> provider.create(ops(), Options.of("no-such-option-xyz", "1")));
    assertTrue(e.getMessage().contains("no-such-option-xyz"), e.getMessage());
    assertFalse(provider.name().isBlank(), "the provider has a name");
  }
}

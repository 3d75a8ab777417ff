package dev.rnn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The cheap zeroing of gradients ({@link Parameter#zeroGrad()}: lazy zeros, tracked rows) must be
 * invisible: every reader sees a zero gradient after it, and plain SGD on the touched rows of a
 * tracked gradient gives exactly the dense update.
 */
class GradientBookkeepingTest {
  private static final TensorOps OPS = new ScalarTensorOpsProvider().create(Options.empty());

  private static Tensor random(int rows, int cols, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Tensor t = Tensor.zeros(DType.F32, rows, cols);
    for (int i = 0; i < t.size(); i++) {
      t.set(i, r.nextDouble(-1, 1));
    }
    return t;
  }

  @Test
  void aZeroedGradientReadsAsZeroAndAnOverwritingWriterIsToldSo() {
    Parameter p = new Parameter("W", random(3, 4, 1));
    p.grad().copyFrom(random(3, 4, 2));
    p.zeroGrad();
    assertTrue(p.takeZeroPending(), "zeros not written yet: a beta = 0 writer may skip them");
    assertTrue(!p.takeZeroPending(), "asked once");
    p.grad().copyFrom(random(3, 4, 3));
    p.zeroGrad();
    for (int i = 0; i < 12; i++) {
      assertEquals(0.0, p.grad().get(i));
    }
    assertTrue(!p.takeZeroPending(), "grad() wrote the zeros");
  }

  @Test
  void aTrackedGradientZeroesTheRowsItsWritersTouched() {
    Parameter p = new Parameter("Ut", random(6, 3, 4));
    p.trackGradientRows();
    int[] ids = {-1, 4, 1, 4};
    Tensor g = p.gradForRows(ids, 0, ids.length);
    OPS.scatterAddRows(random(4, 3, 5), 0, 3, ids, 0, 4, g);
    assertArrayEquals(new int[] {4, 1}, p.gradientRows());
    p.zeroGrad();
    assertArrayEquals(new int[0], p.gradientRows());
    for (int i = 0; i < 18; i++) {
      assertEquals(0.0, p.grad().get(i), "element " + i);
    }
    p.gradForAllRows().set(17, 2.5);
    assertNull(p.gradientRows(), "a dense writer makes every row possibly non-zero");
    p.zeroGrad();
    assertEquals(0.0, p.grad().get(17));
    assertArrayEquals(new int[0], p.gradientRows());
  }

  @Test
  void sgdOnTheTouchedRowsOfATrackedGradientEqualsTheDenseUpdate() {
    Optimizer sgd = new SgdProvider().create(OPS, 0.3, Options.empty());
    Parameter tracked = new Parameter("Ut", random(50, 7, 6));
    tracked.trackGradientRows();
    Parameter dense = new Parameter("Ut", random(50, 7, 6));
    for (int step = 0; step < 3; step++) {
      int[] ids = {3 + step, 17, 3 + step, 42};
      Tensor d = random(4, 7, 10 + step);
      tracked.zeroGrad();
      dense.zeroGrad();
      OPS.scatterAddRows(d, 0, 7, ids, 0, 4, tracked.gradForRows(ids, 0, 4));
      OPS.scatterAddRows(d, 0, 7, ids, 0, 4, dense.grad());
      sgd.step(List.of(tracked));
      sgd.step(List.of(dense));
      assertTrue(tracked.value().contentEquals(dense.value()), "step " + step);
    }
  }
}

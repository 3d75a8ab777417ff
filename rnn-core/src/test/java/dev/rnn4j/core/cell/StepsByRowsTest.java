package dev.rnn4j.core.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.ops.BatchedPackedProducts;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.ParallelRanges;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.ops.scalar.ArrayTensorOps;
import dev.rnn4j.ops.scalar.DoubleKernels;
import dev.rnn4j.ops.scalar.FloatKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cells on a backend with {@link ParallelRanges} run a batch's steps sequence by sequence on
 * the backend's threads ({@link Recurrence#runRows}): the states, the loss and every gradient are
 * those of the same batch stepped whole, bit for bit, forward and backward (with and without
 * carried initial states), and the work really ran in ranges on two threads. The ranges start where
 * the whole batch's vectors of up to 16 elements do ({@link Recurrence#forRowRanges}).
 */
class StepsByRowsTest {
  private static final int VOCAB = 23;
  private static final int HIDDEN = 48;
  private static final int STEPS = 9;
  private static final int BATCH = 32;

  /** The scalar backend with batched packed products (each row its own GEMV, as the contract says). */
  static class BatchedOps extends ArrayTensorOps implements BatchedPackedProducts {
    BatchedOps() {
      super("batched-reference", new FloatKernels() {}, new DoubleKernels() {});
    }

    @Override
    public void gemvBatch(PackedMatrix a, int count, double alpha, Tensor x, int xOff, int ldx,
        double beta, Tensor y, int yOff, int ldy) {
      for (int i = 0; i < count; i++) {
        gemv(a, alpha, x, xOff + i * ldx, beta, y, yOff + i * ldy);
      }
    }
  }

  /** {@link BatchedOps} whose ranges run on two threads: the calling one and a new one. */
  static final class TwoThreadOps extends BatchedOps implements ParallelRanges {
    final AtomicInteger calls = new AtomicInteger();
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    @Override
    public void forRanges(int n, int grain, Range task) {
      calls.incrementAndGet();
      int mid = n / 2;
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread other = new Thread(() -> {
        threads.add(Thread.currentThread());
        try {
          task.run(mid, n);
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      other.start();
      threads.add(Thread.currentThread());
      task.run(0, mid);
      try {
        other.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (failure.get() != null) {
        throw new IllegalStateException(failure.get());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"elman", "lstm", "gru"})
  void stepsRunByRowsOnTwoThreadsGiveTheBitsOfTheWholeBatch(String cell) {
    TwoThreadOps byRows = new TwoThreadOps();
    assertSameRun(byRows, new BatchedOps(), cell, false);
    assertTrue(byRows.calls.get() >= 2 * 3, "forward and backward ran by rows: " + byRows.calls);
    assertTrue(byRows.threads.size() >= 2, "on two threads or more: " + byRows.threads.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"elman", "lstm", "gru"})
  void carriedInitialStatesToo(String cell) {
    assertSameRun(new TwoThreadOps(), new BatchedOps(), cell, true);
  }

  @ParameterizedTest
  @ValueSource(ints = {48, 50, 65, 100, 128})
  void rowRangesStartWhereTheWholeBatchsVectorsDo(int width) {
    ParallelRanges thirds = (n, grain, task) -> {
      task.run(0, n / 3);
      task.run(n / 3, 2 * n / 3);
      task.run(2 * n / 3, n);
    };
    List<int[]> ranges = new ArrayList<>();
    Recurrence.forRowRanges(thirds, 37, width, (from, to) -> ranges.add(new int[] {from, to}));
    int next = 0;
    for (int[] r : ranges) {
      assertEquals(next, r[0], "ranges follow each other");
      assertTrue(r[0] < r[1], "no empty range");
      assertEquals(0, r[0] * width % 16, "range from row " + r[0]);
      next = r[1];
    }
    assertEquals(37, next, "every row");
    assertTrue(ranges.size() >= 2, "split: " + ranges.size());
  }

  /** Three training steps on each backend: the same losses, states and gradients, bit for bit. */
  private static void assertSameRun(BatchedOps a, BatchedOps b, String cell, boolean carried) {
    RnnLanguageModel ma = model(a, cell);
    RnnLanguageModel mb = model(b, cell);
    ModelWorkspace wa = ma.newWorkspace(STEPS, BATCH);
    ModelWorkspace wb = mb.newWorkspace(STEPS, BATCH);
    SplittableRandom r = new SplittableRandom(11);
    for (int step = 0; step < 3; step++) {
      int[] inputs = new int[STEPS * BATCH];
      int[] targets = new int[STEPS * BATCH];
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = r.nextInt(VOCAB);
        targets[i] = r.nextInt(VOCAB);
      }
      Tensor[] states = carried
          ? new Tensor[] {initialState(step, cell.equals("lstm") ? 2 * HIDDEN : HIDDEN)} : null;
      ma.zeroGrad();
      mb.zeroGrad();
      ma.forward(wa, inputs, 0, STEPS, states);
      mb.forward(wb, inputs, 0, STEPS, states);
      assertEquals(mb.loss(wb, targets, 0, null, true), ma.loss(wa, targets, 0, null, true),
          "loss of step " + step);
      ma.backward(wa, inputs, 0);
      mb.backward(wb, inputs, 0);
      for (Parameter p : mb.parameters()) {
        Parameter q = ma.parameter(p.name());
        assertTrue(q.grad().contentEquals(p.grad()), "gradient of " + p.name() + " at step " + step);
        for (int i = 0; i < p.value().size(); i++) { // a plain step, so that the next one differs
          double v = p.value().get(i) - 0.1 * p.grad().get(i);
          p.value().set(i, v);
          q.value().set(i, v);
        }
      }
    }
  }

  private static Tensor initialState(int seed, int width) {
    Tensor s = Tensor.zeros(DType.F64, BATCH, width);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < s.size(); i++) {
      s.set(i, r.nextDouble(-0.5, 0.5));
    }
    return s;
  }

  private static RnnLanguageModel model(ArrayTensorOps ops, String cell) {
    CellProvider provider = cell.equals("lstm") ? new LstmCellProvider()
        : cell.equals("gru") ? new GruCellProvider() : new ElmanCellProvider();
    return new RnnLanguageModel(new ModelConfig(VOCAB, HIDDEN, 1, cell, Options.empty(), DType.F64),
        ops, provider, new SoftmaxCrossEntropyProvider().create(ops, Options.empty()),
        new SplittableRandom(3));
  }
}

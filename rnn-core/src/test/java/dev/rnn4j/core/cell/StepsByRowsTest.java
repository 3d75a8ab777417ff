package dev.rnn4j.core.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
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
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The Elman cell on a backend with {@link ParallelRanges} runs a batch's steps sequence by
 * sequence on the backend's threads ({@link Recurrence#rowParts}): the states, the loss and every
 * gradient are those of the same batch stepped whole, bit for bit, forward and backward (with and
 * without carried initial states), and the work really ran in ranges on two threads.
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

  @Test
  void stepsRunByRowsOnTwoThreadsGiveTheBitsOfTheWholeBatch() {
    TwoThreadOps byRows = new TwoThreadOps();
    assertSameRun(byRows, new BatchedOps(), false);
    assertTrue(byRows.calls.get() >= 2 * 3, "forward and backward ran by rows: " + byRows.calls);
    assertTrue(byRows.threads.size() >= 2, "on two threads or more: " + byRows.threads.size());
  }

  @Test
  void carriedInitialStatesToo() {
    assertSameRun(new TwoThreadOps(), new BatchedOps(), true);
  }

  /** Three training steps on each backend: the same losses, states and gradients, bit for bit. */
  private static void assertSameRun(BatchedOps a, BatchedOps b, boolean carried) {
    RnnLanguageModel ma = model(a);
    RnnLanguageModel mb = model(b);
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
      Tensor[] states = carried ? new Tensor[] {initialState(step)} : null;
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

  private static Tensor initialState(int seed) {
    Tensor s = Tensor.zeros(DType.F64, BATCH, HIDDEN);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < s.size(); i++) {
      s.set(i, r.nextDouble(-0.5, 0.5));
    }
    return s;
  }

  private static RnnLanguageModel model(ArrayTensorOps ops) {
    return new RnnLanguageModel(new ModelConfig(VOCAB, HIDDEN, 1, "elman", Options.empty(), DType.F64),
        ops, new ElmanCellProvider(), new SoftmaxCrossEntropyProvider().create(ops, Options.empty()),
        new SplittableRandom(3));
  }
}

package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.cell.ElmanCellProvider;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * On two threads the Elman cell runs a batch's steps sequence by sequence, half the batch per
 * thread (see {@code Recurrence.rowParts}); with one thread, the whole batch step by step. The
 * shapes keep every other product below the size that is split over threads, so the two runs must
 * agree bit for bit: losses and every gradient, three training steps, float32.
 */
class SimdStepsByRowsTest {
  private static final int VOCAB = 23;
  private static final int HIDDEN = 48;
  private static final int STEPS = 9;
  private static final int BATCH = 32;

  @Test
  void twoThreadsByRowsGiveTheBitsOfOneThread() {
    RnnLanguageModel one = model(new SimdTensorOpsProvider().create(Options.of("threads", "1")));
    RnnLanguageModel two = model(new SimdTensorOpsProvider().create(Options.of("threads", "2")));
    ModelWorkspace w1 = one.newWorkspace(STEPS, BATCH);
    ModelWorkspace w2 = two.newWorkspace(STEPS, BATCH);
    SplittableRandom r = new SplittableRandom(17);
    for (int step = 0; step < 3; step++) {
      int[] inputs = new int[STEPS * BATCH];
      int[] targets = new int[STEPS * BATCH];
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = r.nextInt(VOCAB);
        targets[i] = r.nextInt(VOCAB);
      }
      one.zeroGrad();
      two.zeroGrad();
      one.forward(w1, inputs, 0, STEPS, null);
      two.forward(w2, inputs, 0, STEPS, null);
      assertEquals(one.loss(w1, targets, 0, null, true), two.loss(w2, targets, 0, null, true),
          "loss of step " + step);
      one.backward(w1, inputs, 0);
      two.backward(w2, inputs, 0);
      for (Parameter p : one.parameters()) {
        Parameter q = two.parameter(p.name());
        assertTrue(q.grad().contentEquals(p.grad()), "gradient of " + p.name() + " at step " + step);
        for (int i = 0; i < p.value().size(); i++) {
          double v = (float) (p.value().get(i) - 0.1 * p.grad().get(i));
          p.value().set(i, v);
          q.value().set(i, v);
        }
      }
    }
  }

  private static RnnLanguageModel model(TensorOps ops) {
    return new RnnLanguageModel(new ModelConfig(VOCAB, HIDDEN, 1, "elman", Options.empty(), DType.F32),
        ops, new ElmanCellProvider(), new SoftmaxCrossEntropyProvider().create(ops, Options.empty()),
        new SplittableRandom(5));
  }
}

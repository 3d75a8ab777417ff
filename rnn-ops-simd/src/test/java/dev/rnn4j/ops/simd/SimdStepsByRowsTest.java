package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On two threads the cells run a batch's steps sequence by sequence, part of the batch per thread
 * (see {@code Recurrence.runRows}); with one thread, the whole batch step by step. The shapes keep
 * every other product below the size that is split over threads, so the two runs must agree bit for
 * bit: losses and every gradient, three training steps, float32. A hidden size of 50 puts row
 * boundaries off the vectors' (whose element-wise kernels end in a scalar tail of other bits), so
 * the parts must start where the whole batch's vectors do.
 */
class SimdStepsByRowsTest {
  private static final int VOCAB = 23;
  private static final int STEPS = 9;
  private static final int BATCH = 20;

  @ParameterizedTest(name = "{0}, hidden {1}")
  @CsvSource({"elman, 48", "elman, 50", "lstm, 48", "lstm, 50", "gru, 48", "gru, 50"})
  void twoThreadsByRowsGiveTheBitsOfOneThread(String cell, int hidden) {
    RnnLanguageModel one = model(new SimdTensorOpsProvider().create(Options.of("threads", "1")), cell, hidden);
    RnnLanguageModel two = model(new SimdTensorOpsProvider().create(Options.of("threads", "2")), cell, hidden);
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

  private static RnnLanguageModel model(TensorOps ops, String cell, int hidden) {
    Plugins plugins = Plugins.defaults();
    return new RnnLanguageModel(new ModelConfig(VOCAB, hidden, 1, cell, Options.empty(), DType.F32),
        ops, plugins.select(plugins.cells(), cell),
        new SoftmaxCrossEntropyProvider().create(ops, Options.empty()), new SplittableRandom(5));
  }
}

package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.PackedProducts;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.generate.Generator;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Greedy generation on the simd backend, which finds each next token from a bfloat16 copy of the
 * output weights, picks token for token what the plain path picks: the full float32 logits of the
 * packed product, banned tokens at negative infinity, the first largest.
 */
class SimdGreedyGenerationTest {
  @ParameterizedTest
  @ValueSource(strings = {"elman", "lstm", "gru"})
  void greedyGenerationPicksTheTokensOfTheFullLogits(String cell) {
    TensorOps ops = new SimdTensorOpsProvider().create(
        Options.of("threads", "2", "argmax-screen", "at-once"));
    int m = 3001;
    int n = 96; // V has 288,096 elements: large enough to be read in bfloat16
    Plugins plugins = Plugins.defaults();
    RnnLanguageModel model = new RnnLanguageModel(
        new ModelConfig(m, n, 1, cell, Options.empty(), DType.F32), ops,
        plugins.select(plugins.cells(), cell),
        plugins.select(plugins.losses(), null).create(ops, Options.empty()),
        new SplittableRandom(3));
    sharpen(model.parameter("V").value(), new SplittableRandom(4));
    int eos = 2;
    model.parameter("by").value().set(eos, -1e4); // </s> never wins: the run goes to its limit
    int[] banned = {0, 1};
    int[] prefix = {1, 17, 400};
    int[] greedy = new Generator(model, eos, banned).greedy(prefix, 300);
    assertArrayEquals(plainGreedy(model, eos, banned, prefix, 300), greedy);
    assertEquals(300, greedy.length, "a model that never picks </s> runs to the limit");
  }

  /**
   * Scales V by 30 so that the logits spread as a trained model's do, then makes every row from 4
   * on the twin of the one before it: equal for one pair in ten, otherwise differing by a relative
   * 1e-4, below bfloat16's precision. Every pick is then between near-ties that only the exact
   * product separates.
   */
  private static void sharpen(Tensor v, SplittableRandom random) {
    int n = 96;
    for (int i = 0; i < v.size(); i++) {
      v.set(i, v.get(i) * 30);
    }
    for (int row = 3; row + 1 < v.size() / n; row += 2) {
      boolean equal = row % 20 == 3;
      for (int j = 0; j < n; j++) {
        double e = v.get(row * n + j);
        v.set((row + 1) * n + j, equal ? e : e * (1 + 1e-4 * (random.nextDouble() * 2 - 1)));
      }
    }
  }

  /** Greedy generation as it was written before the capability: full logits, then argmax. */
  private static int[] plainGreedy(RnnLanguageModel model, int eos, int[] banned, int[] prefix,
      int maxTokens) {
    TensorOps ops = model.ops();
    int m = model.config().vocabSize();
    int n = model.config().hiddenSize();
    PackedMatrix v = ops.capability(PackedProducts.class).orElseThrow()
        .pack(false, model.parameter("V").value(), 0, n, m, n, null);
    ModelWorkspace ws = model.newWorkspace(1, 1);
    ws.fixWeights();
    Tensor state = Tensor.zeros(DType.F32, 1, model.cell(0).stateWidth());
    int[] out = new int[maxTokens];
    int count = 0;
    int token = -1;
    for (int i = 0; count < maxTokens; i++) {
      int input = i < prefix.length ? prefix[i] : token;
      model.forwardStep(ws, new int[] {input}, 0, new Tensor[] {state}, v);
      Tensor next = Tensor.zeros(DType.F32, 1, state.size());
      for (int k = 0; k < state.size(); k++) {
        next.set(k, ws.finalState(0).get(k));
      }
      state = next;
      if (i < prefix.length - 1) {
        continue;
      }
      Tensor logits = ws.logits();
      for (int b : banned) {
        logits.set(b, Double.NEGATIVE_INFINITY);
      }
      token = ops.argmax(m, logits, 0);
      if (token == eos) {
        break;
      }
      out[count++] = token;
    }
    return java.util.Arrays.copyOf(out, count);
  }
}

package dev.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.generate.Generator;
import dev.rnn4j.core.generate.StepModel;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.train.TrainingConfig;
import dev.rnn4j.core.train.TrainingData;
import dev.rnn4j.core.train.TrainingListener;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GenerationTest {
  static RnnLanguageModel trained() {
    RnnLanguageModel m = TrainerFeaturesTest.model(2);
    TrainerFeaturesTest.trainer(m, TrainingConfig.of(5, 2, 1))
        .fit(TrainingData.sentences(TrainerFeaturesTest.sentences(30, 4)), new TrainingListener() {});
    return m;
  }

  @Test
  void theStreamingApiGivesTheSameDistributionsAsTheFullForwardPass() {
    assertStreamingEqualsFullForward(trained());
  }

  /** The step model packs the cells' recurrent weights once (fixed weights): gated cells too. */
  @ParameterizedTest
  @ValueSource(strings = {"lstm", "gru"})
  void theStreamingApiOfAGatedCellGivesTheSameDistributionsAsTheFullForwardPass(String cell) {
    RnnLanguageModel m = new RnnLanguageModel(
        new ModelConfig(TrainerFeaturesTest.M, 6, 2, cell, Options.empty(), DType.F64),
        TrainerFeaturesTest.OPS, Plugins.defaults().select(Plugins.defaults().cells(), cell),
        new SoftmaxCrossEntropyProvider().create(TrainerFeaturesTest.OPS, Options.empty()),
        new SplittableRandom(8));
    assertStreamingEqualsFullForward(m);
  }

  private static void assertStreamingEqualsFullForward(RnnLanguageModel m) {
    int[] ids = {2, 5, 7, 7, 9, 4};
    double[][] full = Generator.nextTokenProbabilities(m, ids);
    StepModel steps = new StepModel(m);
    StepModel.State state = steps.newState();
    double[] p = new double[steps.vocabSize()];
    for (int t = 0; t < ids.length; t++) {
      steps.next(state, ids[t], p);
      for (int j = 0; j < p.length; j++) {
        assertEquals(full[t][j], p[j], 1e-13);
      }
    }
  }

  @Test
  void topKOfOneIsGreedyAndBeamOfWidthOneIsGreedy() {
    RnnLanguageModel m = trained();
    Generator g = new Generator(m, 3, 0, 2);
    int[] prefix = {2};
    int[] greedy = g.greedy(prefix, 15);
    assertArrayEquals(greedy, g.sample(prefix, 15, new Generator.Sampling(1.0, 1, 1.0), new SplittableRandom(1)));
    assertArrayEquals(greedy, g.beam(prefix, 15, 1));
  }

  @Test
  void aWiderBeamFindsASequenceAtLeastAsProbableAsGreedy() {
    RnnLanguageModel m = trained();
    Generator g = new Generator(m, 3, 0, 2);
    int[] prefix = {2};
    assertTrue(logProb(m, prefix, g.beam(prefix, 15, 5)) >= logProb(m, prefix, g.greedy(prefix, 15)) - 1e-12);
  }

  static double logProb(RnnLanguageModel m, int[] prefix, int[] out) {
    int[] seq = new int[prefix.length + out.length + 1];
    System.arraycopy(prefix, 0, seq, 0, prefix.length);
    System.arraycopy(out, 0, seq, prefix.length, out.length);
    seq[seq.length - 1] = 3;
    double[][] p = Generator.nextTokenProbabilities(m, java.util.Arrays.copyOf(seq, seq.length - 1));
    double lp = 0;
    for (int t = prefix.length - 1; t < seq.length - 1; t++) {
      lp += Math.log(p[t][seq[t + 1]]);
    }
    return lp;
  }

  @Test
  void samplingIsReproducibleWithASeedAndTopPRestricts() {
    RnnLanguageModel m = trained();
    Generator g = new Generator(m, 3, 0, 2);
    Generator.Sampling s = new Generator.Sampling(1.5, 0, 0.9);
    int[] a = g.sample(new int[] {2}, 30, s, new SplittableRandom(5));
    int[] b = g.sample(new int[] {2}, 30, s, new SplittableRandom(5));
    assertArrayEquals(a, b);
    int[] c = g.sample(new int[] {2}, 30, new Generator.Sampling(3.0, 0, 1), new SplittableRandom(6));
    assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
    for (int id : a) {
      assertTrue(id != 0 && id != 2, "banned id generated");
    }
  }

  @Test
  void impossibleSettingsAreClearErrors() {
    assertThrows(RnnException.class, () -> new Generator.Sampling(0, 0, 1));
    assertThrows(RnnException.class, () -> new Generator.Sampling(1, -1, 1));
    assertThrows(RnnException.class, () -> new Generator.Sampling(1, 0, 0));
    Generator g = new Generator(trained(), 3);
    assertThrows(RnnException.class, () -> g.beam(new int[] {2}, 5, 0));
  }
}

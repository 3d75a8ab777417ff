package dev.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.core.cell.ElmanCellProvider;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.optim.AdamProvider;
import dev.rnn4j.core.optim.SgdProvider;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link RnnLanguageModel#backwardWithOutputStep}: plain SGD applied to V inside the product that
 * computes its gradient gives the weights of the usual backward + step; other optimizers are not
 * fused.
 */
class OutputStepFusionTest {
  private static final int[][] X = {{2, 5, 7, 7, 9}, {3, 4, 4, 8, 2}, {9, 9, 5, 6, 3}};
  private static final int[][] Y = {{5, 7, 7, 9, 3}, {4, 4, 8, 2, 3}, {9, 5, 6, 3, 3}};

  private static void train(RnnLanguageModel m, Optimizer opt, boolean fused) {
    ModelWorkspace ws = m.newWorkspace(5, 1);
    for (int step = 0; step < 3; step++) {
      m.zeroGrad();
      m.forward(ws, X[step], 0, 5, null);
      m.loss(ws, Y[step], 0, null, true);
      if (fused) {
        opt.step(m.backwardWithOutputStep(ws, X[step], 0, opt));
      } else {
        m.backward(ws, X[step], 0);
        opt.step(m.parameters());
      }
    }
  }

  /** A vocabulary of 25,000 with 4 hidden units: V is stepped in two blocks of rows. */
  private static RnnLanguageModel large() {
    return new RnnLanguageModel(
        new ModelConfig(25_000, 4, 1, "elman", Options.empty(), DType.F64), TrainerFeaturesTest.OPS,
        new ElmanCellProvider(),
        new SoftmaxCrossEntropyProvider().create(TrainerFeaturesTest.OPS, Options.empty()),
        new SplittableRandom(3));
  }

  @Test
  void fusedPlainSgdByBlocksOfALargeVocabularyGivesTheWeightsOfBackwardThenStep() {
    assertSameTraining(large(), large());
  }

  @Test
  void fusedPlainSgdGivesTheWeightsOfBackwardThenStep() {
    assertSameTraining(TrainerFeaturesTest.model(2), TrainerFeaturesTest.model(2));
    assertTrue(!TrainerFeaturesTest.model(2).parameter("V").value().contentEquals(trained()),
        "V was trained");
  }

  private static Tensor trained() {
    RnnLanguageModel m = TrainerFeaturesTest.model(2);
    train(m, new SgdProvider().create(m.ops(), 0.1, Options.empty()), true);
    return m.parameter("V").value();
  }

  private static void assertSameTraining(RnnLanguageModel usual, RnnLanguageModel fused) {
    train(usual, new SgdProvider().create(usual.ops(), 0.1, Options.empty()), false);
    train(fused, new SgdProvider().create(fused.ops(), 0.1, Options.empty()), true);
    for (int i = 0; i < usual.parameters().size(); i++) {
      Parameter a = usual.parameters().get(i);
      Parameter b = fused.parameters().get(i);
      double worst = 0;
      for (int k = 0; k < a.value().size(); k++) {
        worst = Math.max(worst, Math.abs(a.value().get(k) - b.value().get(k)));
      }
      assertTrue(worst < 1e-14, a.name() + " differs by " + worst);
    }
  }

  @Test
  void otherOptimizersAreNotFused() {
    RnnLanguageModel m = TrainerFeaturesTest.model(1);
    Optimizer adam = new AdamProvider().create(m.ops(), 0.01, Options.empty());
    ModelWorkspace ws = m.newWorkspace(5, 1);
    m.zeroGrad();
    m.forward(ws, X[0], 0, 5, null);
    m.loss(ws, Y[0], 0, null, true);
    List<Parameter> rest = m.backwardWithOutputStep(ws, X[0], 0, adam);
    assertSame(m.parameters(), rest);
    double sq = 0;
    for (int k = 0; k < m.parameter("V").grad().size(); k++) {
      sq += m.parameter("V").grad().get(k) * m.parameter("V").grad().get(k);
    }
    assertTrue(sq > 0, "V's gradient is stored for Adam");
    assertEquals(m.parameters().size(), rest.size());
  }
}

package dev.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.FusedLinearStep;
import dev.rnn4j.api.ops.PackedProducts;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.core.cell.ElmanCellProvider;
import dev.rnn4j.core.generate.StepModel;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.optim.SgdProvider;
import dev.rnn4j.core.train.Trainer;
import dev.rnn4j.core.train.TrainingConfig;
import dev.rnn4j.core.train.TrainingData;
import dev.rnn4j.core.train.TrainingListener;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link RnnLanguageModel#backwardStepping}: plain SGD applied to V and to the recurrent weight
 * inside the products that compute their gradients gives the weights of the usual backward + step;
 * and the trainer's choice of it: a backend without the capabilities (no fused step, no packed
 * products) trains and generates the same, with a carried state.
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
        opt.step(m.backwardStepping(ws, X[step], 0,
            m.ops().capability(FusedLinearStep.class).orElseThrow(), -opt.learningRate()));
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
  void aBackendWithoutCapabilitiesTrainsToTheSameWeightsAndGeneratesTheSameProbabilities() {
    TensorOps plain = new CoreOnlyOps(TrainerFeaturesTest.OPS);
    assertTrue(plain.capability(FusedLinearStep.class).isEmpty());
    assertTrue(plain.capability(PackedProducts.class).isEmpty());
    assertTrue(TrainerFeaturesTest.OPS.capability(FusedLinearStep.class).isPresent());
    RnnLanguageModel withCapabilities = TrainerFeaturesTest.model(2);
    RnnLanguageModel without = new RnnLanguageModel(withCapabilities.config(), plain,
        new ElmanCellProvider(), new SoftmaxCrossEntropyProvider().create(plain, Options.empty()),
        new SplittableRandom(3));
    // batch 1 and windows of 20: the recurrence packs W (forward, from 16 steps) and W^T
    TrainingConfig config = new TrainingConfig(2, 1, 4, 0, 0, 0, 0);
    TrainingData data = TrainingData.stream(TrainerFeaturesTest.stream(300), 20);
    new Trainer(withCapabilities, new SgdProvider().create(TrainerFeaturesTest.OPS, 0.05,
        Options.empty()), config, 2, 3).fit(data, new TrainingListener() {});
    new Trainer(without, new SgdProvider().create(plain, 0.05, Options.empty()), config, 2, 3)
        .fit(data, new TrainingListener() {});
    TrainerFeaturesTest.assertSameWeights(withCapabilities, without);
    StepModel a = new StepModel(withCapabilities);
    StepModel b = new StepModel(without);
    StepModel.State sa = a.newState();
    StepModel.State sb = b.newState();
    double[] pa = new double[a.vocabSize()];
    double[] pb = new double[b.vocabSize()];
    for (int token : new int[] {2, 5, 7, 9, 4}) {
      a.next(sa, token, pa);
      b.next(sb, token, pb);
      assertArrayEquals(pa, pb);
    }
  }

}

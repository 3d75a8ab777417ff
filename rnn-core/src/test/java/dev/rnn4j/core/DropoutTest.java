package dev.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.cell.ElmanCellProvider;
import dev.rnn4j.core.cell.GruCellProvider;
import dev.rnn4j.core.cell.LstmCellProvider;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.DropoutMasks;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import dev.rnn4j.core.optim.AdamProvider;
import dev.rnn4j.core.train.Trainer;
import dev.rnn4j.core.train.TrainingConfig;
import dev.rnn4j.core.train.TrainingData;
import dev.rnn4j.core.train.TrainingListener;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dropout (Zaremba et al.; variational as Gal and Ghahramani) between layers and before V. */
class DropoutTest {
  private static final TensorOps OPS = ScalarTensorOpsProvider.reference();

  static RnnLanguageModel model(String cell, int layers, double p, boolean variational, long seed) {
    CellProvider provider = switch (cell) {
      case "lstm" -> new LstmCellProvider();
      case "gru" -> new GruCellProvider();
      default -> new ElmanCellProvider();
    };
    ModelConfig config = new ModelConfig(TrainerFeaturesTest.M, 4, layers, cell, Options.empty(), DType.F64)
        .withDropout(p, variational);
    return new RnnLanguageModel(config, OPS, provider,
        new SoftmaxCrossEntropyProvider().create(OPS, Options.empty()), new SplittableRandom(seed));
  }

  @ParameterizedTest(name = "{0}, {1} layers, variational {2}")
  @CsvSource({"elman, 2, false", "elman, 3, true", "lstm, 2, false", "lstm, 2, true",
      "gru, 2, false", "gru, 1, true"})
  void gradientsWithFixedMasksMatchCentralDifferences(String cell, int layers, boolean variational) {
    SplittableRandom random = new SplittableRandom(layers * 17L + cell.length());
    RnnLanguageModel model = model(cell, layers, 0.4, variational, 5);
    NumericGradients.perturb(model, random);
    int steps = 5;
    int batch = 3;
    int[][] xy = NumericGradients.paddedBatch(random, TrainerFeaturesTest.M, steps, batch);
    ModelWorkspace ws = model.newTrainingWorkspace(steps, batch);
    ws.dropout().draw(new SplittableRandom(3), steps);
    String worst = NumericGradients.worst(model, ws, xy[0], xy[1], steps);
    assertTrue(NumericGradients.error(worst) < 1e-6, "worst relative error " + worst);
  }

  @Test
  void masksAreZeroOrTheInverseKeepProbabilityAndVariationalOnesRepeatEveryStep() {
    for (boolean variational : new boolean[] {false, true}) {
      ModelWorkspace ws = model("elman", 2, 0.25, variational, 1).newTrainingWorkspace(40, 5);
      DropoutMasks masks = ws.dropout();
      masks.draw(new SplittableRandom(8), 40);
      int rowWidth = 5 * 4;
      for (int k = 0; k < 2; k++) {
        Tensor mask = masks.mask(k);
        int dropped = 0;
        boolean repeats = true;
        for (int i = 0; i < 40 * rowWidth; i++) {
          double v = mask.get(i);
          assertTrue(v == 0 || v == 1 / 0.75, "mask value " + v);
          dropped += v == 0 ? 1 : 0;
          repeats &= v == mask.get(i % rowWidth);
        }
        if (!variational) { // 800 independent draws (variational: only 20)
          assertEquals(0.25, dropped / (40.0 * rowWidth), 0.06, "fraction dropped in mask " + k);
        }
        assertEquals(variational, repeats, "the same mask at every step");
      }
    }
  }

  @Test
  void evaluationAndGenerationWorkspacesHaveNoDropoutAndGiveTheUndroppedLogits() {
    RnnLanguageModel withDropout = model("lstm", 2, 0.5, false, 4);
    RnnLanguageModel without = model("lstm", 2, 0, false, 4);
    assertNull(withDropout.newWorkspace(3, 2).dropout());
    assertNull(without.newTrainingWorkspace(3, 2).dropout(), "p = 0: no masks at all");
    assertNotNull(withDropout.newTrainingWorkspace(3, 2).dropout());
    int[] x = {4, 5, 6, 7, 8, 4};
    ModelWorkspace a = withDropout.newWorkspace(3, 2);
    ModelWorkspace b = without.newWorkspace(3, 2);
    withDropout.forward(a, x, 0, 3, null);
    without.forward(b, x, 0, 3, null);
    assertTrue(a.logits().contentEquals(b.logits()));
    ModelWorkspace training = withDropout.newTrainingWorkspace(3, 2);
    training.dropout().draw(new SplittableRandom(1), 3);
    withDropout.forward(training, x, 0, 3, null);
    assertFalse(training.logits().contentEquals(b.logits()), "training forward is masked");
  }

  @Test
  void aDropoutProbabilityOutsideZeroToOneIsRefused() {
    RnnException e = assertThrows(RnnException.class,
        () -> ModelConfig.elman(9, 4, DType.F64).withDropout(1, false));
    assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
  }

  private static Trainer trainer(RnnLanguageModel m, long seed) {
    return new Trainer(m, new AdamProvider().create(OPS, 0.01, Options.empty()),
        new TrainingConfig(2, 3, seed, 0, 0, 0, 0), 2, 3);
  }

  @Test
  void theSameSeedGivesTheSameWeightsAndAResumedRunEqualsAnUninterruptedOne(@TempDir Path dir) {
    TrainingData data = TrainingData.stream(TrainerFeaturesTest.stream(200), 6);
    RnnLanguageModel full = model("gru", 2, 0.3, false, 2);
    trainer(full, 9).fit(data, new TrainingListener() {});
    RnnLanguageModel again = model("gru", 2, 0.3, false, 2);
    trainer(again, 9).fit(data, new TrainingListener() {});
    TrainerFeaturesTest.assertSameWeights(full, again);
    RnnLanguageModel otherSeed = model("gru", 2, 0.3, false, 2);
    trainer(otherSeed, 10).fit(data, new TrainingListener() {});
    assertFalse(otherSeed.parameters().get(0).value().contentEquals(full.parameters().get(0).value()),
        "other masks, other weights");

    Path ckpt = dir.resolve("ckpt.safetensors");
    int[] updates = {0};
    RnnLanguageModel interrupted = model("gru", 2, 0.3, false, 2);
    Trainer t1 = trainer(interrupted, 9).checkpoints(ckpt, 4);
    assertThrows(IllegalStateException.class, () -> t1.fit(data, new TrainingListener() {
      @Override
      public void onStep(int epoch, int step, int steps, double loss, int tokens) {
        if (++updates[0] == 15) {
          throw new IllegalStateException("killed after update 15; the checkpoint holds 12");
        }
      }
    }));
    RnnLanguageModel resumed = model("gru", 2, 0.3, false, 2);
    trainer(resumed, 9).checkpoints(ckpt, 4).resume(ckpt, data, new TrainingListener() {});
    TrainerFeaturesTest.assertSameWeights(full, resumed);
  }
}

package dev.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.cell.ElmanCellProvider;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import dev.rnn4j.core.optim.SgdProvider;
import dev.rnn4j.core.train.EpochStats;
import dev.rnn4j.core.train.Trainer;
import dev.rnn4j.core.train.TrainingConfig;
import dev.rnn4j.core.train.TrainingData;
import dev.rnn4j.core.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class TrainerFeaturesTest {
  static final TensorOps OPS = ScalarTensorOpsProvider.reference();
  /** The vocabulary size of {@link #sentences}. */
  public static final int M = 12;

  static RnnLanguageModel model(int layers) {
    return new RnnLanguageModel(new ModelConfig(M, 6, layers, "elman", Options.empty(), DType.F64),
        OPS, new ElmanCellProvider(), new SoftmaxCrossEntropyProvider().create(OPS, Options.empty()),
        new SplittableRandom(3));
  }

  /** @return {@code count} random sentences of 1 to 9 ids in [4, M), seeded */
  public static List<int[]> sentences(int count, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int[] s = new int[1 + r.nextInt(9)];
      for (int j = 0; j < s.length; j++) {
        s[j] = 4 + r.nextInt(M - 4);
      }
      out.add(s);
    }
    return out;
  }

  static int[] stream(int length) {
    int[] s = new int[length];
    for (int i = 0; i < length; i++) {
      s[i] = 4 + (i * 7 + i / 3) % (M - 4);
    }
    return s;
  }

  static Trainer trainer(RnnLanguageModel m, TrainingConfig c) {
    return new Trainer(m, new SgdProvider().create(OPS, 0.05, Options.empty()), c, 2, 3);
  }

  static void assertSameWeights(RnnLanguageModel a, RnnLanguageModel b) {
    for (int i = 0; i < a.parameters().size(); i++) {
      Parameter p = a.parameters().get(i);
      assertTrue(p.value().contentEquals(b.parameters().get(i).value()), p.name() + " differs");
    }
  }

  @Test
  void aPaddedBatchGivesTheSummedGradientsOfItsSequencesRunOneByOne() {
    List<int[]> data = sentences(3, 11);
    RnnLanguageModel batched = model(2);
    RnnLanguageModel single = model(2);
    int steps = 0;
    for (int[] s : data) {
      steps = Math.max(steps, s.length + 1);
    }
    int[] in = new int[steps * 3];
    int[] tg = new int[steps * 3];
    java.util.Arrays.fill(in, -1);
    java.util.Arrays.fill(tg, -1);
    for (int b = 0; b < 3; b++) {
      int[] s = data.get(b);
      for (int t = 0; t <= s.length; t++) {
        in[t * 3 + b] = t == 0 ? 2 : s[t - 1];
        tg[t * 3 + b] = t == s.length ? 3 : s[t];
      }
    }
    ModelWorkspace ws = batched.newWorkspace(steps, 3);
    batched.zeroGrad();
    batched.forward(ws, in, 0, steps, null);
    double batchLoss = batched.loss(ws, tg, 0, null, true);
    batched.backward(ws, in, 0);

    single.zeroGrad(); // gradients accumulate over the three separate runs
    double sum = 0;
    for (int[] s : data) {
      int[] i1 = new int[s.length + 1];
      int[] t1 = new int[s.length + 1];
      for (int t = 0; t <= s.length; t++) {
        i1[t] = t == 0 ? 2 : s[t - 1];
        t1[t] = t == s.length ? 3 : s[t];
      }
      ModelWorkspace w1 = single.newWorkspace(i1.length, 1);
      single.forward(w1, i1, 0, i1.length, null);
      sum += single.loss(w1, t1, 0, null, true);
      single.backward(w1, i1, 0);
    }
    assertEquals(sum, batchLoss, 1e-12);
    for (int p = 0; p < batched.parameters().size(); p++) {
      var g1 = batched.parameters().get(p).grad();
      var g2 = single.parameters().get(p).grad();
      for (int i = 0; i < g1.size(); i++) {
        assertEquals(g2.get(i), g1.get(i), 1e-12, batched.parameters().get(p).name());
      }
    }
  }

  @Test
  void resumingFromAnyCheckpointEndsWithTheSameWeightsBitForBit(@TempDir Path dir) {
    for (boolean stream : new boolean[] {false, true}) {
      TrainingData data = stream ? TrainingData.stream(stream(300), 7)
          : TrainingData.sentences(sentences(40, 5));
      TrainingConfig config = new TrainingConfig(3, 4, 9, 5, 0, stream ? 0 : 3, 0);
      RnnLanguageModel full = model(2);
      trainer(full, config).fit(data, new TrainingListener() {});

      RnnLanguageModel interrupted = model(2);
      Path ckpt = dir.resolve("ckpt-" + stream + ".safetensors");
      int[] updates = {0};
      RuntimeException kill = new RuntimeException("killed");
      Trainer t1 = trainer(interrupted, config).checkpoints(ckpt, 5);
      assertThrows(RuntimeException.class, () -> t1.fit(data, new TrainingListener() {
        @Override
        public void onStep(int epoch, int step, int steps, double loss, int tokens) {
          if (++updates[0] == 17) {
            throw kill; // killed after update 17; the checkpoint holds update 15
          }
        }
      }));
      assertTrue(Files.exists(ckpt));
      RnnLanguageModel resumed = model(2);
      List<EpochStats> history = trainer(resumed, config).checkpoints(ckpt, 5)
          .resume(ckpt, data, new TrainingListener() {});
      assertEquals(3, history.size());
      assertSameWeights(full, resumed);
    }
  }

  @Test
  void streamModeCarriesTheStateAndLearnsAPeriodicSequence() {
    RnnLanguageModel m = model(1);
    TrainingData data = TrainingData.stream(stream(400), 10);
    List<EpochStats> h = trainer(m, new TrainingConfig(15, 2, 1, 5, 0, 0, 0)).fit(data, new TrainingListener() {});
    assertTrue(h.get(14).meanLoss() < h.get(0).meanLoss() * 0.5,
        h.get(0).meanLoss() + " -> " + h.get(14).meanLoss());
  }

  @Test
  void validationLossIsReportedAndEarlyStoppingStops() {
    RnnLanguageModel m = model(1);
    TrainingData train = TrainingData.sentences(sentences(30, 1));
    TrainingData val = TrainingData.sentences(sentences(10, 99)); // unrelated random data
    List<EpochStats> h = trainer(m, new TrainingConfig(50, 1, 1, 0, 0, 0, 2))
        .validation(val).fit(train, new TrainingListener() {});
    assertTrue(h.size() < 50, "stopped after " + h.size() + " epochs");
    assertTrue(Double.isFinite(h.get(0).validationLoss()));
  }

  @Test
  void theScheduleChangesTheRateAfterEachEpoch() {
    RnnLanguageModel m = model(1);
    List<EpochStats> h = trainer(m, TrainingConfig.of(3, 2, 1))
        .schedule(dev.rnn4j.core.train.schedule.Schedules.parse("step:every=1,gamma=0.5"))
        .fit(TrainingData.sentences(sentences(6, 1)), new TrainingListener() {});
    assertEquals(0.05, h.get(0).learningRate(), 1e-15);
    assertEquals(0.025, h.get(1).learningRate(), 1e-15);
    assertEquals(0.0125, h.get(2).learningRate(), 1e-15);
  }

  @Test
  void aCheckpointOfAnotherModelIsAClearError(@TempDir Path dir) {
    Path ckpt = dir.resolve("c.safetensors");
    trainer(model(1), TrainingConfig.of(1, 2, 1)).checkpoints(ckpt, 0)
        .fit(TrainingData.sentences(sentences(4, 1)), new TrainingListener() {});
    RnnException e = assertThrows(RnnException.class, () -> trainer(model(2), TrainingConfig.of(1, 2, 1))
        .resume(ckpt, TrainingData.sentences(sentences(4, 1)), new TrainingListener() {}));
    assertTrue(e.getMessage().contains("does not fit this model"), e.getMessage());
  }

  @Test
  void clippingByValueBoundsEveryUpdateAndClippingByNormBoundsTheGlobalNorm() {
    for (boolean byNorm : new boolean[] {false, true}) {
      RnnLanguageModel m = model(1);
      List<double[]> before = new ArrayList<>();
      for (Parameter p : m.parameters()) {
        before.add(p.value().toDoubleArray());
      }
      double lr = 0.05;
      TrainingConfig c = byNorm ? new TrainingConfig(1, 1, 1, 0, 1e-3, 0, 0)
          : new TrainingConfig(1, 1, 1, 1e-4, 0, 0, 0);
      trainer(m, c).fit(TrainingData.sentences(List.of(new int[] {5, 6, 7})), new TrainingListener() {});
      double sq = 0;
      double max = 0;
      for (int i = 0; i < before.size(); i++) {
        double[] now = m.parameters().get(i).value().toDoubleArray();
        for (int j = 0; j < now.length; j++) {
          double d = Math.abs(now[j] - before.get(i)[j]) / lr;
          sq += d * d;
          max = Math.max(max, d);
        }
      }
      if (byNorm) {
        assertTrue(Math.sqrt(sq) <= 1e-3 * (1 + 1e-9), "global norm " + Math.sqrt(sq));
      } else {
        assertTrue(max <= 1e-4 * (1 + 1e-9), "largest element " + max);
      }
      assertTrue(max > 0, "an update happened");
    }
  }
}

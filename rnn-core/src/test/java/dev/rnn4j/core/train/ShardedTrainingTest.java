package dev.rnn4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.TrainerFeaturesTest;
import dev.rnn4j.core.cell.ElmanCellProvider;
import dev.rnn4j.core.cell.LstmCellProvider;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import dev.rnn4j.core.optim.AdamProvider;
import dev.rnn4j.core.optim.SgdProvider;
import dev.rnn4j.api.cell.CellProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The canonical gradient reduction: whoever computes the shards, in whatever groups and order,
 * the trainer ends with the same weights.
 */
class ShardedTrainingTest {
  static final TensorOps OPS = ScalarTensorOpsProvider.reference();
  static final int M = TrainerFeaturesTest.M;

  static RnnLanguageModel model(CellProvider cell, DType dtype, double dropout) {
    return new RnnLanguageModel(new ModelConfig(M, 5, 2, cell.name(), Options.empty(), dtype)
        .withDropout(dropout, false), OPS, cell,
        new SoftmaxCrossEntropyProvider().create(OPS, Options.empty()), new SplittableRandom(3));
  }

  /** An engine that computes the shards in {@code groups} groups on copies, in reverse order. */
  static final class GroupedEngine implements GradientEngine {
    private final int groups;
    private final Supplier<RnnLanguageModel> copies;
    private final List<ShardComputer> workers = new ArrayList<>();

    GroupedEngine(int groups, Supplier<RnnLanguageModel> copies) {
      this.groups = groups;
      this.copies = copies;
    }

    @Override
    public ShardSum compute(RnnLanguageModel model, ShardBatch batch) {
      int shards = batch.layout().shards();
      List<ShardTree> partial = new ArrayList<>();
      for (int g = groups - 1; g >= 0; g--) {
        if (workers.size() <= g) {
          while (workers.size() <= g) {
            workers.add(new ShardComputer(copies.get()));
          }
        }
        ShardComputer worker = workers.get(g);
        worker.copyWeightsFrom(model);
        ShardTree tree = new ShardTree(shards);
        for (int s = (int) ((long) (g + 1) * shards / groups) - 1; s >= g * shards / groups; s--) {
          tree.add(worker.compute(batch, s));
        }
        partial.add(tree);
      }
      ShardTree all = new ShardTree(shards);
      for (ShardTree t : partial) {
        all.merge(t);
      }
      return all.root();
    }
  }

  static void assertSameWeights(RnnLanguageModel a, RnnLanguageModel b) {
    for (int i = 0; i < a.parameters().size(); i++) {
      Parameter p = a.parameters().get(i);
      assertTrue(p.value().contentEquals(b.parameters().get(i).value()), p.name() + " differs");
    }
  }

  private static RnnLanguageModel train(Supplier<RnnLanguageModel> models, boolean adam,
      TrainingConfig config, TrainingData data, int shards, Integer groups) {
    return trainWith(models, adam, config, data, shards,
        groups == null ? null : new GroupedEngine(groups, models));
  }

  private static RnnLanguageModel trainWith(Supplier<RnnLanguageModel> models, boolean adam,
      TrainingConfig config, TrainingData data, int shards, GradientEngine engine) {
    RnnLanguageModel m = models.get();
    Trainer t = new Trainer(m, adam ? new AdamProvider().create(OPS, 0.01, Options.empty())
        : new SgdProvider().create(OPS, 0.05, Options.empty()), config, 2, 3)
        .lossReduction(adam ? LossReduction.MEAN : LossReduction.SUM);
    if (shards > 0) {
      t.shards(shards);
    }
    if (engine != null) {
      t.gradients(engine);
    }
    try {
      t.fit(data, new TrainingListener() {});
    } finally {
      if (engine != null) {
        engine.close();
      }
    }
    return m;
  }

  @Test
  void threadsComputingTheShardsAtOnceGiveTheWeightsOfOneThread() {
    Supplier<RnnLanguageModel> lstm = () -> model(new LstmCellProvider(), DType.F32, 0.3);
    TrainingConfig sentences = new TrainingConfig(2, 8, 9, 0, 1, 3, 0);
    TrainingData data = TrainingData.sentences(TrainerFeaturesTest.sentences(40, 5));
    RnnLanguageModel reference = train(lstm, true, sentences, data, 8, null);
    for (int threads : new int[] {1, 2, 3, 8}) {
      assertSameWeights(reference,
          trainWith(lstm, true, sentences, data, 8, new ThreadedGradientEngine(lstm, threads)));
    }
    Supplier<RnnLanguageModel> elman = () -> model(new ElmanCellProvider(), DType.F64, 0);
    TrainingConfig streams = new TrainingConfig(2, 6, 4, 0, 0, 4, 0);
    int[] tokens = new int[400];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = 4 + (i * 5 + i / 7) % (M - 4);
    }
    TrainingData stream = TrainingData.stream(tokens, 9);
    RnnLanguageModel carried = train(elman, false, streams, stream, 3, null);
    assertSameWeights(carried,
        trainWith(elman, false, streams, stream, 3, new ThreadedGradientEngine(elman, 2)));
  }

  @Test
  void aFailureOnAnotherThreadReachesTheCallerAndTheEngineStillCloses() {
    int[] made = {0};
    Supplier<RnnLanguageModel> networks = () -> {
      made[0]++;
      if (made[0] == 2) { // the second thread's network is of another vocabulary
        return new RnnLanguageModel(new ModelConfig(M + 1, 5, 2, "elman", Options.empty(),
            DType.F32), OPS, new ElmanCellProvider(),
            new SoftmaxCrossEntropyProvider().create(OPS, Options.empty()),
            new SplittableRandom(3));
      }
      return model(new ElmanCellProvider(), DType.F32, 0);
    };
    ThreadedGradientEngine engine = new ThreadedGradientEngine(networks, 2);
    TrainingConfig config = new TrainingConfig(1, 4, 9, 0, 1, 0, 0);
    TrainingData data = TrainingData.sentences(TrainerFeaturesTest.sentences(12, 5));
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> trainWith(() -> model(new ElmanCellProvider(), DType.F32, 0), false, config, data, 4,
            engine));
    assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), String.valueOf(e));
    assertEquals(2, made[0]);
    assertThrows(IllegalArgumentException.class,
        () -> new ThreadedGradientEngine(networks, 0));
  }

  @Test
  void sentencesWithDropoutGiveTheSameWeightsWhetherShardsRunIn1Or3Or8Groups() {
    Supplier<RnnLanguageModel> models = () -> model(new LstmCellProvider(), DType.F32, 0.3);
    TrainingConfig config = new TrainingConfig(2, 8, 9, 0, 1, 3, 0);
    TrainingData data = TrainingData.sentences(TrainerFeaturesTest.sentences(40, 5));
    RnnLanguageModel reference = train(models, true, config, data, 8, null);
    for (int groups : new int[] {1, 3, 8}) {
      assertSameWeights(reference, train(models, true, config, data, 8, groups));
    }
    assertFalse(sameWeights(reference, train(models, true, config, data, 1, null)),
        "8 shards summed by the tree round differently from one batch (else this test is weak)");
  }

  @Test
  void streamsCarryEachShardsStatesAcrossUpdates() {
    Supplier<RnnLanguageModel> models = () -> model(new ElmanCellProvider(), DType.F64, 0);
    TrainingConfig config = new TrainingConfig(2, 6, 4, 0, 0, 4, 0);
    int[] tokens = new int[400];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = 4 + (i * 7 + i / 3) % (M - 4);
    }
    TrainingData data = TrainingData.stream(tokens, 9);
    RnnLanguageModel reference = train(models, false, config, data, 3, null);
    for (int groups : new int[] {1, 2, 3}) {
      assertSameWeights(reference, train(models, false, config, data, 3, groups));
    }
  }

  @Test
  void oneShardThroughAnEngineEqualsTheTrainersOwnGradientWhenClipping() {
    Supplier<RnnLanguageModel> models = () -> model(new ElmanCellProvider(), DType.F32, 0);
    TrainingConfig config = new TrainingConfig(2, 4, 9, 0, 5, 0, 0);
    TrainingData data = TrainingData.sentences(TrainerFeaturesTest.sentences(30, 7));
    assertSameWeights(train(models, false, config, data, 0, null),
        train(models, false, config, data, 1, 1));
  }

  @Test
  void theTreeSumIsTheSameWhateverTheOrderOfLeavesAndPartialTrees() {
    int shards = 11;
    SplittableRandom r = new SplittableRandom(1);
    float[][] values = new float[shards][64];
    for (float[] v : values) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (r.nextDouble() * Math.pow(10, r.nextInt(8) - 4));
      }
    }
    float[] expected = fixedTree(values, 0, 16, shards);
    for (int trial = 0; trial < 20; trial++) {
      List<ShardTree> trees = new ArrayList<>();
      int[] order = Trainer.epochOrder(r.nextLong(), 0, shards);
      for (int i = 0; i < shards; i++) {
        if (i == 0 || r.nextInt(3) == 0) {
          trees.add(new ShardTree(shards));
        }
        trees.get(trees.size() - 1).add(leaf(order[i], values[order[i]]));
      }
      ShardTree all = new ShardTree(shards);
      for (int i : Trainer.epochOrder(r.nextLong(), 0, trees.size())) {
        all.merge(trees.get(i));
      }
      ShardSum root = all.root();
      assertArrayEquals(expected, root.gradients()[0].f32());
      assertEquals(0, root.first());
      assertEquals(shards, root.end());
      assertEquals(shards * 2L, root.tokens());
    }
  }

  @Test
  void anIncompleteOrRepeatedShardIsRefused() {
    ShardTree tree = new ShardTree(3).add(leaf(0, new float[1]));
    assertThrows(IllegalStateException.class, tree::root);
    assertThrows(IllegalArgumentException.class, () -> tree.add(leaf(0, new float[1])));
    assertThrows(IllegalArgumentException.class, () -> tree.add(leaf(3, new float[1])));
  }

  @Test
  void rowUnionsAreSortedAndNullMeansEveryRow() {
    assertArrayEquals(new int[] {1, 2, 5, 7}, ShardSum.union(new int[] {2, 5}, new int[] {1, 5, 7}));
    assertEquals(null, ShardSum.union(null, new int[] {1}));
  }

  private static float[] fixedTree(float[][] v, int from, int width, int shards) {
    if (width == 1) {
      return v[from].clone();
    }
    float[] left = fixedTree(v, from, width / 2, shards);
    if (from + width / 2 >= shards) {
      return left;
    }
    float[] right = fixedTree(v, from + width / 2, width / 2, shards);
    for (int i = 0; i < left.length; i++) {
      left[i] = left[i] + right[i];
    }
    return left;
  }

  private static ShardSum leaf(int shard, float[] values) {
    return new ShardSum(shard, shard, 2, new Tensor[] {Tensor.wrap(values.clone(), values.length)},
        new int[][] {null}, new Tensor[] {Tensor.zeros(DType.F32, 1, 2)});
  }

  private static boolean sameWeights(RnnLanguageModel a, RnnLanguageModel b) {
    for (int i = 0; i < a.parameters().size(); i++) {
      if (!a.parameters().get(i).value().contentEquals(b.parameters().get(i).value())) {
        return false;
      }
    }
    return true;
  }
}

package dev.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.cell.ElmanCellProvider;
import dev.rnn4j.core.cell.LstmCellProvider;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.io.SafeTensors;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import dev.rnn4j.core.optim.SgdProvider;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.train.Trainer;
import dev.rnn4j.core.train.TrainingConfig;
import dev.rnn4j.core.train.TrainingData;
import dev.rnn4j.core.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tied input and output weights (Press and Wolf 2017): V is the first layer's {@code Ut}. */
class TiedWeightsTest {
  private static final TensorOps OPS = ScalarTensorOpsProvider.reference();
  private static final int M = 12;

  static RnnLanguageModel tied(int layers, double dropout, long seed) {
    ModelConfig config = new ModelConfig(M, 4, layers, "elman", Options.empty(), DType.F64)
        .withTiedWeights(true).withDropout(dropout, false);
    return new RnnLanguageModel(config, OPS, new ElmanCellProvider(),
        new SoftmaxCrossEntropyProvider().create(OPS, Options.empty()), new SplittableRandom(seed));
  }

  @ParameterizedTest(name = "{0} layers, dropout {1}")
  @CsvSource({"1, 0", "2, 0", "2, 0.3"})
  void theOneParameterGetsTheSummedGradientOfBothUses(int layers, double dropout) {
    SplittableRandom random = new SplittableRandom(layers + 40);
    RnnLanguageModel model = tied(layers, dropout, 6);
    NumericGradients.perturb(model, random);
    int[][] xy = NumericGradients.paddedBatch(random, M, 6, 3);
    ModelWorkspace ws = model.newTrainingWorkspace(6, 3);
    if (ws.dropout() != null) {
      ws.dropout().draw(new SplittableRandom(2), 6);
    }
    String worst = NumericGradients.worst(model, ws, xy[0], xy[1], 6);
    assertTrue(NumericGradients.error(worst) < 1e-6, "worst relative error " + worst);
  }

  @Test
  void theModelHasOneTableAndNoV() {
    RnnLanguageModel model = tied(1, 0, 1);
    List<String> names = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      names.add(p.name());
    }
    assertEquals(List.of("layers.0.Ut", "layers.0.W", "layers.0.bx", "by"), names);
    assertThrows(RnnException.class, () -> model.parameter("V"));
  }

  @Test
  void aCellWhoseInputTableIsNotVocabByHiddenIsRefused() {
    ModelConfig config = new ModelConfig(M, 4, 1, "lstm", Options.empty(), DType.F64)
        .withTiedWeights(true);
    RnnException e = assertThrows(RnnException.class, () -> new RnnLanguageModel(config, OPS,
        new LstmCellProvider(), new SoftmaxCrossEntropyProvider().create(OPS, Options.empty()),
        new SplittableRandom(1)));
    assertTrue(e.getMessage().contains("[vocab, hidden]"), e.getMessage());
  }

  @Test
  void aPlainSgdUpdateStepsTheTableByBothGradients() {
    int[] sentence = {5, 6, 7, 5};
    RnnLanguageModel trained = tied(1, 0, 3);
    RnnLanguageModel manual = tied(1, 0, 3);
    double lr = 0.1;
    new Trainer(trained, new SgdProvider().create(OPS, lr, Options.empty()),
        TrainingConfig.of(1, 1, 1), 2, 3)
        .fit(TrainingData.sentences(List.of(sentence)), new TrainingListener() {});
    int[] x = {2, 5, 6, 7, 5};
    int[] y = {5, 6, 7, 5, 3};
    ModelWorkspace ws = manual.newWorkspace(5, 1);
    manual.zeroGrad();
    manual.forward(ws, x, 0, 5, null);
    manual.loss(ws, y, 0, null, true);
    manual.backward(ws, x, 0);
    for (Parameter p : manual.parameters()) {
      OPS.axpy(p.value().size(), -lr, p.grad(), 0, p.value(), 0);
    }
    for (int i = 0; i < manual.parameters().size(); i++) {
      assertArrayEquals(manual.parameters().get(i).value().toDoubleArray(),
          trained.parameters().get(i).value().toDoubleArray(), 1e-14,
          manual.parameters().get(i).name());
    }
  }

  @Test
  void aModelFileRecordsTheTyingAndLoadsIt(@TempDir Path dir) {
    RnnLanguageModel model = tied(2, 0.2, 8);
    Vocabulary vocab = Vocabulary.withSpecials(List.of("a", "b", "c", "d", "e", "f", "g", "h"));
    Path file = dir.resolve("tied.safetensors");
    ModelFile.save(new LanguageModel(model, vocab, "whitespace", Options.empty(), Map.of()), file);
    assertTrue(!SafeTensors.read(file).tensors().containsKey("V"), "V is not stored twice");
    RnnLanguageModel loaded = ModelFile.load(file, OPS, Plugins.defaults()).network();
    assertEquals(model.config(), loaded.config());
    assertSame(loaded.parameter("layers.0.Ut"), loaded.parameters().get(0));
    int[] x = {2, 4, 5, 6};
    ModelWorkspace a = model.newWorkspace(4, 1);
    ModelWorkspace b = loaded.newWorkspace(4, 1);
    model.forward(a, x, 0, 4, null);
    loaded.forward(b, x, 0, 4, null);
    assertTrue(a.logits().contentEquals(b.logits()));
  }
}

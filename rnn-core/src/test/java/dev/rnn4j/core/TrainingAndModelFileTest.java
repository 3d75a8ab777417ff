package dev.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.cell.ElmanCellProvider;
import dev.rnn4j.core.generate.Generator;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import dev.rnn4j.core.optim.SgdProvider;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.train.EpochStats;
import dev.rnn4j.core.train.Trainer;
import dev.rnn4j.core.train.TrainingConfig;
import dev.rnn4j.core.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingAndModelFileTest {
  private static final TensorOps OPS = ScalarTensorOpsProvider.reference();
  // "a b c d", "a b e", "f b c d" ... in a vocabulary of specials + 6 words
  private static final Vocabulary VOCAB = Vocabulary.withSpecials(List.of("a", "b", "c", "d", "e", "f"));

  static List<int[]> corpus() {
    List<int[]> s = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      s.add(new int[] {4, 5, 6, 7});
      s.add(new int[] {9, 5, 6});
      s.add(new int[] {4, 5, 8});
    }
    return s;
  }

  static RnnLanguageModel newModel(DType dtype, long seed) {
    return new RnnLanguageModel(ModelConfig.elman(VOCAB.size(), 8, dtype), OPS,
        new ElmanCellProvider(), new SoftmaxCrossEntropyProvider().create(OPS, Options.empty()),
        new SplittableRandom(seed));
  }

  static List<EpochStats> train(RnnLanguageModel model, int epochs, int batch) {
    Trainer trainer = new Trainer(model, new SgdProvider().create(OPS, 0.1, Options.empty()),
        TrainingConfig.of(epochs, batch, 42), VOCAB.bosId(), VOCAB.eosId());
    return trainer.fit(dev.rnn4j.core.train.TrainingData.sentences(corpus()), new TrainingListener() {});
  }

  @Test
  void lossFallsAndTheModelLearnsTheCorpus() {
    RnnLanguageModel model = newModel(DType.F32, 1);
    List<EpochStats> stats = train(model, 40, 1);
    assertTrue(stats.get(39).meanLoss() < stats.get(0).meanLoss() * 0.6,
        "loss fell from " + stats.get(0).meanLoss() + " to " + stats.get(39).meanLoss());
    Generator g = new Generator(model, VOCAB.eosId(), VOCAB.padId(), VOCAB.bosId());
    // after "<s> f" the only continuation in the corpus is "b c"
    int[] out = g.greedy(new int[] {VOCAB.bosId(), 9}, 10);
    assertEquals(5, out[0]);
    assertEquals(6, out[1]);
  }

  @Test
  void sameSeedAndDataGiveTheSameWeightsBitForBit() {
    RnnLanguageModel a = newModel(DType.F32, 7);
    RnnLanguageModel b = newModel(DType.F32, 7);
    train(a, 3, 2);
    train(b, 3, 2);
    for (int i = 0; i < a.parameters().size(); i++) {
      assertTrue(a.parameters().get(i).value().contentEquals(b.parameters().get(i).value()));
    }
  }

  @Test
  void aDivergingLossStopsWithAClearMessage() {
    RnnLanguageModel model = newModel(DType.F32, 3);
    model.parameter("V").value().set(0, Float.NaN);
    RnnException e = assertThrows(RnnException.class, () -> train(model, 1, 1));
    assertTrue(e.getMessage().contains("lower the learning rate"), e.getMessage());
  }

  @Test
  void savedModelLoadsAndGeneratesIdentically(@TempDir Path dir) {
    RnnLanguageModel model = newModel(DType.F32, 5);
    train(model, 5, 1);
    LanguageModel lm = new LanguageModel(model, VOCAB, "whitespace", Options.empty(),
        Map.of("seed", "42"));
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(lm, file);
    LanguageModel loaded = ModelFile.load(file, OPS, Plugins.defaults());
    assertEquals(VOCAB, loaded.vocabulary());
    assertEquals("42", loaded.provenance().get("seed"));
    assertEquals("scalar", loaded.provenance().get("backend"));
    for (Parameter p : model.parameters()) {
      assertTrue(p.value().contentEquals(loaded.network().parameter(p.name()).value()), p.name());
    }
    int[] prefix = {VOCAB.bosId()};
    Generator before = new Generator(model, VOCAB.eosId(), VOCAB.padId(), VOCAB.bosId());
    Generator after = new Generator(loaded.network(), VOCAB.eosId(), VOCAB.padId(), VOCAB.bosId());
    assertArrayEquals(before.greedy(prefix, 20), after.greedy(prefix, 20));
    assertArrayEquals(before.sample(prefix, 20, 0.8, new SplittableRandom(9)),
        after.sample(prefix, 20, 0.8, new SplittableRandom(9)));
  }

  @Test
  void truncatedOrCorruptedFilesAreClearErrors(@TempDir Path dir) throws IOException {
    RnnLanguageModel model = newModel(DType.F64, 5);
    Path file = dir.resolve("m.safetensors");
    ModelFile.save(new LanguageModel(model, VOCAB, "whitespace", Options.empty(), Map.of()), file);
    byte[] bytes = Files.readAllBytes(file);

    Path truncated = dir.resolve("truncated.safetensors");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 10));
    RnnException e1 = assertThrows(RnnException.class, () -> ModelFile.load(truncated, OPS, Plugins.defaults()));
    assertTrue(e1.getMessage().contains("truncated"), e1.getMessage());

    Path garbage = dir.resolve("garbage.safetensors");
    Files.write(garbage, "hello, this is not a model".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    RnnException e2 = assertThrows(RnnException.class, () -> ModelFile.load(garbage, OPS, Plugins.defaults()));
    assertTrue(e2.getMessage().contains("not a valid safetensors file"), e2.getMessage());

    Path badJson = dir.resolve("badjson.safetensors");
    byte[] broken = bytes.clone();
    broken[8] = 'X';
    Files.write(badJson, broken);
    RnnException e3 = assertThrows(RnnException.class, () -> ModelFile.load(badJson, OPS, Plugins.defaults()));
    assertTrue(e3.getMessage().contains("malformed"), e3.getMessage());

    RnnException e4 = assertThrows(RnnException.class,
        () -> ModelFile.load(dir.resolve("missing.safetensors"), OPS, Plugins.defaults()));
    assertTrue(e4.getMessage().contains("does not exist"), e4.getMessage());
  }

  @Test
  void writingIsAtomicAndLeavesNoTemporaryFiles(@TempDir Path dir) throws IOException {
    RnnLanguageModel model = newModel(DType.F32, 5);
    Path file = dir.resolve("m.safetensors");
    LanguageModel lm = new LanguageModel(model, VOCAB, "whitespace", Options.empty(), Map.of());
    ModelFile.save(lm, file);
    ModelFile.save(lm, file);
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }
}

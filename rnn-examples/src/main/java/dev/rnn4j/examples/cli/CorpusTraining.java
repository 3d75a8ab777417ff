package dev.rnn4j.examples.cli;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.loss.Loss;
import dev.rnn4j.api.loss.LossProvider;
import dev.rnn4j.api.optim.OptimizerProvider;
import dev.rnn4j.core.inject.Rnn4jModule;
import dev.rnn4j.core.inject.Rnn4jSettings;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.Rnn4j;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.train.EpochStats;
import dev.rnn4j.core.train.Trainer;
import dev.rnn4j.core.train.TrainingConfig;
import dev.rnn4j.core.train.TrainingData;
import dev.rnn4j.tokenizers.CorpusReader;
import dev.rnn4j.tokenizers.VocabularyBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * From a {@link TrainConfig} to a trained {@link LanguageModel}: read and tokenize the corpus,
 * split off validation data, build the vocabulary, the model, the optimizer and the trainer.
 */
final class CorpusTraining {
  private CorpusTraining() {}

  /** A tokenized corpus, ready for the trainer. */
  record Prepared(String tokenizerName, Tokenizer tokenizer, Vocabulary vocabulary,
      TrainingData train, TrainingData validation, int sequences, long tokens) {}

  /** Reads the corpus (and validation file) named in {@code c}. */
  static Prepared prepare(TrainConfig c, Plugins plugins) {
    List<String> lines = readLines(Path.of(c.corpus));
    List<String> validation = c.validation == null ? null : readLines(Path.of(c.validation));
    return prepare(lines, validation, c, plugins);
  }

  static List<String> readLines(Path path) {
    try (Stream<String> s = CorpusReader.of(path).sentences()) {
      return s.toList();
    }
  }

  /**
   * @param validationLines held-out lines, or null to split {@code validation_fraction} of the
   *     lines off (seeded)
   */
  static Prepared prepare(List<String> lines, List<String> validationLines, TrainConfig c, Plugins plugins) {
    TokenizerProvider provider = plugins.choose(plugins.tokenizers(), c.tokenizer, null);
    List<String> trainLines = lines;
    List<String> heldOut = validationLines;
    if (heldOut == null && c.validationFraction > 0) {
      int[] order = shuffled(lines.size(), c.seed);
      int k = (int) Math.round(lines.size() * c.validationFraction);
      if (k < 1 || k >= lines.size()) {
        throw new RnnException("validation_fraction " + c.validationFraction + " of " + lines.size()
            + " lines leaves no validation or no training data");
      }
      trainLines = new ArrayList<>();
      heldOut = new ArrayList<>();
      boolean[] isVal = new boolean[lines.size()];
      for (int i = 0; i < k; i++) {
        isVal[order[i]] = true;
      }
      for (int i = 0; i < lines.size(); i++) {
        (isVal[i] ? heldOut : trainLines).add(lines.get(i));
      }
    }
    Options tokOptions = Options.of(c.tokenizerOptions);
    Tokenizer tokenizer = provider.isTrainable()
        ? provider.train(trainLines, tokOptions)
        : provider.create(tokOptions);
    List<List<String>> tokenized = tokenize(tokenizer, trainLines);
    if (tokenized.isEmpty()) {
      throw new RnnException("the corpus has no tokens with tokenizer '" + provider.name() + "'");
    }
    VocabularyBuilder builder = new VocabularyBuilder().minCount(c.minCount);
    if (c.maxVocab > 0) {
      builder.maxSize(c.maxVocab);
    }
    for (List<String> s : tokenized) {
      builder.add(s);
    }
    Vocabulary vocab = builder.build();
    boolean stream = "stream".equals(c.mode);
    TrainingData train = data(tokenized, vocab, stream, c.seqLength);
    TrainingData val = null;
    if (heldOut != null) {
      List<List<String>> v = tokenize(tokenizer, heldOut);
      if (v.isEmpty()) {
        throw new RnnException("the validation data has no tokens");
      }
      val = data(v, vocab, stream, c.seqLength);
    }
    long tokens = 0;
    for (List<String> s : tokenized) {
      tokens += s.size() + 1;
    }
    return new Prepared(provider.name(), tokenizer, vocab, train, val, tokenized.size(), tokens);
  }

  private static List<List<String>> tokenize(Tokenizer tokenizer, List<String> lines) {
    List<List<String>> out = new ArrayList<>();
    for (String line : lines) {
      List<String> t = tokenizer.tokenize(line);
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  /** Sentences, or (stream mode) one stream where each line ends with {@code </s>}. */
  private static TrainingData data(List<List<String>> lines, Vocabulary vocab, boolean stream, int window) {
    if (!stream) {
      List<int[]> ids = new ArrayList<>(lines.size());
      for (List<String> s : lines) {
        ids.add(vocab.encode(s));
      }
      return TrainingData.sentences(ids);
    }
    int total = 1;
    for (List<String> s : lines) {
      total += s.size() + 1;
    }
    int[] all = new int[total];
    int k = 0;
    all[k++] = vocab.eosId();
    for (List<String> s : lines) {
      for (String t : s) {
        all[k++] = vocab.id(t);
      }
      all[k++] = vocab.eosId();
    }
    return TrainingData.stream(all, window);
  }

  private static int[] shuffled(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** The model, optimizer and trainer of a run. */
  record Session(RnnLanguageModel model, Optimizer optimizer, Trainer trainer, TensorOps ops,
      String optimizerName) {}

  static Session session(Prepared data, TrainConfig c, Plugins plugins) {
    Options backendOptions = c.threads == null ? Options.empty() : Options.of("threads", String.valueOf(c.threads));
    // the application is wired with Guice: the module binds every plugin from the settings
    Injector injector = Guice.createInjector(new Rnn4jModule(
        new Rnn4jSettings(c.backend, backendOptions, c.cell, c.optimizer, c.tokenizer)));
    TensorOps ops = instance(injector, TensorOps.class);
    CellProvider cellProvider = instance(injector, CellProvider.class);
    ModelConfig config = new ModelConfig(data.vocabulary().size(), c.hidden, c.layers,
        cellProvider.name(), Options.of(c.cellOptions), DType.parse(c.dtype));
    Loss loss = instance(injector, LossProvider.class).create(ops, Options.empty());
    RnnLanguageModel net = new RnnLanguageModel(config, ops, cellProvider, loss,
        new SplittableRandom(c.seed));
    OptimizerProvider optimizerProvider = instance(injector, OptimizerProvider.class);
    Optimizer optimizer = optimizerProvider.create(ops, c.learningRate, Options.of(c.optimizerOptions));
    Trainer trainer = new Trainer(net, optimizer,
        new TrainingConfig(c.epochs, c.batch, c.seed, c.clipValue, c.clipNorm, c.bptt, c.patience),
        data.vocabulary().bosId(), data.vocabulary().eosId());
    trainer.schedule(dev.rnn4j.core.train.schedule.Schedules.parse(c.schedule));
    if (data.validation() != null) {
      trainer.validation(data.validation());
    }
    return new Session(net, optimizer, trainer, ops, optimizerProvider.name());
  }

  /** Unwraps Guice's ProvisionException so users see the RnnException message alone. */
  private static <T> T instance(Injector injector, Class<T> type) {
    try {
      return injector.getInstance(type);
    } catch (ProvisionException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof RnnException) {
          throw (RnnException) t;
        }
      }
      throw e;
    }
  }

  static LanguageModel result(Prepared data, Session s, TrainConfig c, List<EpochStats> history) {
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("rnn4j_version", Rnn4j.version());
    provenance.put("java_version", System.getProperty("java.version"));
    provenance.put("backend", s.ops().name());
    provenance.put("seed", String.valueOf(c.seed));
    provenance.put("optimizer", s.optimizerName());
    provenance.put("schedule", dev.rnn4j.core.train.schedule.Schedules.parse(c.schedule).spec());
    provenance.put("corpus", String.valueOf(c.corpus));
    provenance.put("sequences", String.valueOf(data.sequences()));
    provenance.put("config", c.toJson());
    if (!history.isEmpty()) {
      EpochStats last = history.get(history.size() - 1);
      provenance.put("epochs_trained", String.valueOf(last.epoch()));
      provenance.put("final_loss_per_token", String.valueOf(last.meanLoss()));
      if (!Double.isNaN(last.validationLoss())) {
        provenance.put("final_validation_loss_per_token", String.valueOf(last.validationLoss()));
      }
    }
    return new LanguageModel(s.model(), data.vocabulary(), data.tokenizerName(),
        data.tokenizer().settings(), provenance);
  }
}

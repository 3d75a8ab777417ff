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

  /**
   * Reads the corpus (and validation file) named in {@code c}, streaming: the text is read once
   * per pass (tokenizer training if any, counting, encoding) and only token ids are kept, so a
   * corpus larger than memory as text still trains.
   */
  static Prepared prepare(TrainConfig c, Plugins plugins) {
    Iterable<String> lines = CorpusReader.of(Path.of(c.corpus)).sentenceIterable();
    Iterable<String> validation = c.validation == null ? null
        : CorpusReader.of(Path.of(c.validation)).sentenceIterable();
    return prepare(lines, validation, c, plugins);
  }

  static List<String> readLines(Path path) {
    try (Stream<String> s = CorpusReader.of(path).sentences()) {
      return s.toList();
    }
  }

  /**
   * @param lines the training text, one sequence per line; iterated several times
   * @param validationLines held-out lines, or null to hold out each line with probability
   *     {@code validation_fraction} (decided by a seeded hash of the line number)
   */
  static Prepared prepare(Iterable<String> lines, Iterable<String> validationLines, TrainConfig c,
      Plugins plugins) {
    TokenizerProvider provider = plugins.choose(plugins.tokenizers(), c.tokenizer, null);
    Iterable<String> trainLines = lines;
    Iterable<String> heldOut = validationLines;
    if (heldOut == null && c.validationFraction > 0) {
      trainLines = split(lines, c.seed, c.validationFraction, false);
      heldOut = split(lines, c.seed, c.validationFraction, true);
    }
    Options tokOptions = Options.of(c.tokenizerOptions);
    Tokenizer tokenizer = provider.isTrainable()
        ? provider.train(trainLines, tokOptions)
        : provider.create(tokOptions);
    VocabularyBuilder builder = new VocabularyBuilder().minCount(c.minCount);
    if (c.maxVocab > 0) {
      builder.maxSize(c.maxVocab);
    }
    for (String line : trainLines) {
      builder.add(tokenizer.tokenize(line));
    }
    Vocabulary vocab = builder.build();
    boolean stream = "stream".equals(c.mode);
    Encoded train = encode(trainLines, tokenizer, vocab);
    if (train.sequences.isEmpty()) {
      throw new RnnException("the corpus has no tokens with tokenizer '" + provider.name() + "'"
          + (heldOut != null && validationLines == null ? " (or all lines went to validation)" : ""));
    }
    TrainingData val = null;
    if (heldOut != null) {
      Encoded v = encode(heldOut, tokenizer, vocab);
      if (v.sequences.isEmpty()) {
        throw new RnnException("the validation data has no tokens; use a larger validation_fraction "
            + "or a validation file");
      }
      val = v.data(stream, vocab, c.seqLength);
    }
    return new Prepared(provider.name(), tokenizer, vocab, train.data(stream, vocab, c.seqLength),
        val, train.sequences.size(), train.tokens);
  }

  /** Token ids of non-empty lines. */
  private record Encoded(List<int[]> sequences, long tokens) {
    /** Sentences, or (stream mode) one stream in which each line ends with {@code </s>}. */
    TrainingData data(boolean stream, Vocabulary vocab, int window) {
      if (!stream) {
        return TrainingData.sentences(sequences);
      }
      long total = 1 + tokens;
      if (total > Integer.MAX_VALUE - 8) {
        throw new RnnException("the token stream is too long for one array (" + total + " tokens)");
      }
      int[] all = new int[(int) total];
      int k = 0;
      all[k++] = vocab.eosId();
      for (int[] s : sequences) {
        System.arraycopy(s, 0, all, k, s.length);
        k += s.length;
        all[k++] = vocab.eosId();
      }
      return TrainingData.stream(all, window);
    }
  }

  private static Encoded encode(Iterable<String> lines, Tokenizer tokenizer, Vocabulary vocab) {
    List<int[]> out = new ArrayList<>();
    long tokens = 0;
    for (String line : lines) {
      List<String> t = tokenizer.tokenize(line);
      if (!t.isEmpty()) {
        out.add(vocab.encode(t));
        tokens += t.size() + 1;
      }
    }
    return new Encoded(out, tokens);
  }

  /** The lines whose seeded hash of their index falls below (or above) {@code fraction}. */
  private static Iterable<String> split(Iterable<String> lines, long seed, double fraction,
      boolean validation) {
    return () -> new java.util.Iterator<>() {
      private final java.util.Iterator<String> it = lines.iterator();
      private long index;
      private String next = advance();

      private String advance() {
        while (it.hasNext()) {
          String line = it.next();
          long h = mix(seed * 0x9E3779B97F4A7C15L + index++);
          boolean isValidation = (h >>> 11) * 0x1.0p-53 < fraction;
          if (isValidation == validation) {
            return line;
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public String next() {
        if (next == null) {
          throw new java.util.NoSuchElementException();
        }
        String r = next;
        next = advance();
        return r;
      }
    };
  }

  /** The splitmix64 finaliser: a well-mixed 64-bit hash. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
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

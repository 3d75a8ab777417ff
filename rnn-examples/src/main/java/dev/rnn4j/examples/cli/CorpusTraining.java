package dev.rnn4j.examples.cli;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.loss.Loss;
import dev.rnn4j.api.ops.TensorOps;
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
import dev.rnn4j.core.train.TrainingListener;
import dev.rnn4j.tokenizers.VocabularyBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** From lines of text to a trained {@link LanguageModel}: tokenize, build the vocabulary, train. */
final class CorpusTraining {
  private CorpusTraining() {}

  /** A tokenized corpus. */
  record Prepared(String tokenizerName, Tokenizer tokenizer, Vocabulary vocabulary,
      List<int[]> sentences, long tokens) {}

  static Prepared prepare(Iterable<String> lines, TokenizerProvider provider, Options tokenizerOptions,
      int minCount, int maxVocab) {
    Tokenizer tokenizer = provider.isTrainable()
        ? provider.train(lines, tokenizerOptions)
        : provider.create(tokenizerOptions);
    List<List<String>> tokenized = new ArrayList<>();
    for (String line : lines) {
      List<String> tokens = tokenizer.tokenize(line);
      if (!tokens.isEmpty()) {
        tokenized.add(tokens);
      }
    }
    if (tokenized.isEmpty()) {
      throw new RnnException("the corpus has no tokens: it is empty or holds only blank lines");
    }
    VocabularyBuilder builder = new VocabularyBuilder().minCount(minCount);
    if (maxVocab > 0) {
      builder.maxSize(maxVocab);
    }
    for (List<String> s : tokenized) {
      builder.add(s);
    }
    Vocabulary vocab = builder.build();
    List<int[]> sentences = new ArrayList<>(tokenized.size());
    long tokens = 0;
    for (List<String> s : tokenized) {
      sentences.add(vocab.encode(s));
      tokens += s.size() + 1;
    }
    return new Prepared(provider.name(), tokenizer, vocab, sentences, tokens);
  }

  static LanguageModel train(Prepared data, TrainSettings s, Plugins plugins, TrainingListener listener) {
    TensorOps ops = plugins.backend(s.backend, null, s.backendOptions());
    ModelConfig config = new ModelConfig(data.vocabulary().size(), s.hidden, s.layers,
        plugins.choose(plugins.cells(), s.cell, null).name(), s.cellOptions(), s.dtype());
    Loss loss = plugins.losses().select(null).create(ops, Options.empty());
    RnnLanguageModel net = new RnnLanguageModel(config, ops,
        plugins.cells().select(config.cell()), loss, new SplittableRandom(s.seed));
    var optimizerProvider = plugins.choose(plugins.optimizers(), null, null);
    var optimizer = optimizerProvider.create(ops, s.learningRate, Options.empty());
    Trainer trainer = new Trainer(net, optimizer,
        new TrainingConfig(s.epochs, s.batch, s.seed, s.clip, 0, 0, 0), data.vocabulary().bosId(),
        data.vocabulary().eosId());
    List<EpochStats> history = trainer.fit(TrainingData.sentences(data.sentences()), listener);
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("rnn4j_version", Rnn4j.version());
    provenance.put("java_version", System.getProperty("java.version"));
    provenance.put("backend", ops.name());
    provenance.put("seed", String.valueOf(s.seed));
    provenance.put("epochs", String.valueOf(s.epochs));
    provenance.put("learning_rate", String.valueOf(s.learningRate));
    provenance.put("optimizer", optimizerProvider.name());
    provenance.put("sentences", String.valueOf(data.sentences().size()));
    provenance.put("final_loss_per_token", String.valueOf(history.get(history.size() - 1).meanLoss()));
    return new LanguageModel(net, data.vocabulary(), data.tokenizerName(),
        data.tokenizer().settings(), provenance);
  }
}

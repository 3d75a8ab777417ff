package dev.rnn4j.examples.cli;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.train.Evaluation;
import dev.rnn4j.core.train.TrainingData;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rnn4j eval}: loss and perplexity of a saved model on a corpus. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Computes the loss per token and the perplexity of a model on a corpus (one "
        + "sentence per line, tokenized with the model's tokenizer; unknown tokens count as <unk>). "
        + "The last line is 'perplexity: X'.")
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "The model file.")
  Path model;

  @Option(names = {"-c", "--corpus"}, required = true, paramLabel = "PATH", description = "The text to evaluate on.")
  Path corpus;

  @Option(names = "--batch", defaultValue = "32", paramLabel = "N",
      description = "Sentences evaluated together, 1.." + MAX_BATCH + " (default: ${DEFAULT-VALUE}; does not change the result).")
  int batch;

  @Option(names = "--backend", paramLabel = "NAME", description = "Math backend (default: the best available).")
  String backend;

  /** The largest {@code --batch}. */
  static final int MAX_BATCH = 4096;

  @Override
  public Integer call() {
    if (batch < 1 || batch > MAX_BATCH) {
      throw new RnnException("--batch must be between 1 and " + MAX_BATCH + ", got " + batch);
    }
    Plugins plugins = Plugins.defaults();
    TensorOps ops = plugins.backend(backend, null, Options.empty());
    LanguageModel lm = ModelFile.load(model, ops, plugins);
    Tokenizer tokenizer = plugins.tokenizers().select(lm.tokenizer()).create(lm.tokenizerSettings());
    Vocabulary vocab = lm.vocabulary();
    List<int[]> sentences = new ArrayList<>();
    long unknown = 0;
    for (String line : CorpusTraining.readLines(corpus)) {
      List<String> tokens = tokenizer.tokenize(line);
      if (!tokens.isEmpty()) {
        int[] ids = vocab.encode(tokens);
        for (int id : ids) {
          unknown += id == vocab.unkId() ? 1 : 0;
        }
        sentences.add(ids);
      }
    }
    double loss = Evaluation.lossPerToken(lm.network(), TrainingData.sentences(sentences),
        Math.max(1, Math.min(batch, sentences.size())), vocab.bosId(), vocab.eosId());
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "sentences: %d, unknown tokens: %d%n", sentences.size(), unknown);
    out.printf(Locale.ROOT, "loss per token: %.6f%n", loss);
    out.printf(Locale.ROOT, "perplexity: %.4f%n", Math.exp(loss));
    out.flush();
    return 0;
  }
}

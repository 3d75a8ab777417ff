package dev.rnn4j.cli;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.data.TextPieces;
import dev.rnn4j.core.data.TextSource;
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
    description = "Computes the loss per token and the perplexity of a model on a corpus, tokenized "
        + "with the model's tokenizer (unknown tokens count as <unk>). In sentence mode each line is "
        + "a sequence; in stream mode the text is one stream read in windows with the state carried, "
        + "in bounded memory whatever the file holds. The last line is 'perplexity: X'.")
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE",
      description = "The model file, the run folder it is in, or a training checkpoint.")
  Path model;

  @Option(names = {"-c", "--corpus"}, required = true, paramLabel = "PATH", description = "The text to evaluate on.")
  Path corpus;

  @Option(names = "--mode", paramLabel = "sentences|stream",
      description = "How to read the text (default: the mode the model was trained in, else sentences).")
  String mode;

  @Option(names = "--seq-length", paramLabel = "T",
      description = "Window length in stream mode (default: the model's training window, else 50).")
  Integer seqLength;

  @Option(names = "--batch", defaultValue = "32", paramLabel = "N",
      description = "Sentences evaluated together (default: ${DEFAULT-VALUE}; does not change the result).")
  int batch;

  @Option(names = "--backend", paramLabel = "NAME", description = "Math backend (default: the best available).")
  String backend;

  @Override
  public Integer call() {
    if (batch < 1 || batch > 4096) {
      throw new RnnException("--batch must be between 1 and 4096, got " + batch);
    }
    if (seqLength != null && seqLength < 1) {
      throw new RnnException("--seq-length must be at least 1, got " + seqLength);
    }
    Plugins plugins = Plugins.defaults();
    TextSource text = TextSource.of(corpus);
    TensorOps ops = plugins.backend(backend, Options.empty());
    LanguageModel lm = ModelFile.load(model, ops, plugins);
    Tokenizer tokenizer = plugins.select(plugins.tokenizers(), lm.tokenizer())
        .create(lm.tokenizerSettings());
    String trained = trainedSetting(lm, "mode", "sentences");
    String m = mode != null ? mode : trained;
    if (!m.equals("sentences") && !m.equals("stream")) {
      throw new RnnException("--mode must be sentences or stream, got '" + m + "'");
    }
    Vocabulary vocab = lm.vocabulary();
    long[] counts = new long[2]; // sequences, unknown tokens
    double loss = m.equals("stream")
        ? streamLoss(lm, text, tokenizer, counts,
            seqLength != null ? seqLength : Integer.parseInt(trainedSetting(lm, "seq_length", "50")))
        : sentenceLoss(lm, text, tokenizer, counts);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%s: %d, unknown tokens: %d%n", m.equals("stream") ? "lines" : "sentences",
        counts[0], counts[1]);
    out.printf(Locale.ROOT, "loss per token: %.6f%n", loss);
    out.printf(Locale.ROOT, "perplexity: %.4f%n", Math.exp(loss));
    out.flush();
    return 0;
  }

  private double sentenceLoss(LanguageModel lm, TextSource text, Tokenizer tokenizer, long[] counts) {
    Vocabulary vocab = lm.vocabulary();
    List<int[]> sentences = new ArrayList<>();
    try (TextSource.Pass pass = text.open(false)) {
      while (pass.hasNext()) {
        int[] ids = vocab.encode(tokenizer.tokenize(pass.next().text()));
        if (ids.length > 0) {
          counts[1] += unknown(ids, vocab);
          sentences.add(ids);
        }
      }
    }
    if (sentences.isEmpty()) {
      throw new RnnException("the corpus has no tokens for this model's tokenizer");
    }
    counts[0] = sentences.size();
    return Evaluation.lossPerToken(lm.network(), TrainingData.sentences(sentences),
        Math.min(batch, sentences.size()), vocab.bosId(), vocab.eosId());
  }

  private double streamLoss(LanguageModel lm, TextSource text, Tokenizer tokenizer, long[] counts,
      int window) {
    Vocabulary vocab = lm.vocabulary();
    Evaluation.Stream eval = new Evaluation.Stream(lm.network(), window, vocab.eosId());
    boolean lineHasTokens = false;
    try (TextSource.Pass pass = text.open(true)) {
      while (pass.hasNext()) {
        TextPieces.Piece p = pass.next();
        int[] ids = vocab.encode(tokenizer.tokenize(p.text()));
        counts[1] += unknown(ids, vocab);
        eval.accept(ids);
        lineHasTokens |= ids.length > 0;
        if (p.endOfLine() && lineHasTokens) {
          eval.accept(new int[] {vocab.eosId()});
          counts[0]++;
          lineHasTokens = false;
        }
      }
    }
    double loss = eval.finish();
    if (eval.tokens() == 0) {
      throw new RnnException("the corpus has no tokens for this model's tokenizer");
    }
    return loss;
  }

  private static long unknown(int[] ids, Vocabulary vocab) {
    long n = 0;
    for (int id : ids) {
      n += id == vocab.unkId() ? 1 : 0;
    }
    return n;
  }

  /** @return a setting of the run that trained the model (from its provenance), or the fallback */
  private static String trainedSetting(LanguageModel lm, String key, String fallback) {
    String config = lm.provenance().get("config");
    if (config == null) {
      return fallback;
    }
    try {
      Object v = dev.rnn4j.core.io.Json.parse(config) instanceof java.util.Map<?, ?> map ? map.get(key) : null;
      return v == null ? fallback : String.valueOf(v);
    } catch (RuntimeException e) {
      return fallback;
    }
  }
}

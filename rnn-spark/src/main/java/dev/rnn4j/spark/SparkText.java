package dev.rnn4j.spark;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunData;
import dev.rnn4j.core.run.TrainingRun;
import dev.rnn4j.core.train.TrainingData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's text read and encoded by the rules of {@link RunData#read}, on the executors: the lines
 * (numbered in text order as a local run on the corpus files numbers them: in sentence mode the
 * non-blank lines, in stream mode every line) are split into training and validation lines by the
 * run's seeded split ({@link RunData#isHeldOut}) or a validation file; the tokenizer is created,
 * or (BPE) trained on the driver from the training lines streamed one partition at a time, or,
 * for a resumed run, the checkpoint's; the vocabulary is counted on Spark ({@link
 * SparkVocabulary}) or the checkpoint's; the training lines are encoded where they lie ({@link
 * SparkSentences}, {@link SparkStream}) and stay there for the {@link SparkGradientEngine}; only
 * the validation ids, which the driver evaluates, are collected. The same ids as a local run on
 * the same text read from files ({@code TextSource.of}), a stream-mode line over {@link
 * dev.rnn4j.core.data.TextPieces#MAX_PIECE} characters in the pieces a local pass cuts it into.
 * One per run; an {@link TrainingRun.Encoder}.
 */
final class SparkText implements TrainingRun.Encoder {
  private static final Logger LOG = LoggerFactory.getLogger(SparkText.class);
  private final JavaSparkContext sc;
  private final RunConfig config;
  private final JavaRDD<String> lines;
  private final String what;
  private final int partitions;
  private JavaPairRDD<Integer, Column> placed;
  private Broadcast<ArrayList<String>> tokens;

  SparkText(JavaSparkContext sc, RunConfig config, JavaRDD<String> lines, String what,
      int partitions) {
    this.sc = sc;
    this.config = config;
    this.lines = lines;
    this.what = what;
    this.partitions = partitions;
  }

  /** @return the training sequences on the executors, once {@link #encode} has run */
  JavaPairRDD<Integer, Column> placed() {
    return placed;
  }

  /**
   * Destroys the vocabulary's broadcast, which the placed sequences' lineage needs as long as
   * Spark may have to compute them again (a lost executor): call when training ends.
   */
  void release() {
    if (tokens != null) {
      tokens.destroy();
      tokens = null;
    }
  }

  @Override
  public RunData encode(Tokenizer givenTokenizer, Vocabulary givenVocabulary) {
    try {
      return encodeIn(givenTokenizer, givenVocabulary);
    } catch (RnnException e) {
      throw e;
    } catch (Exception e) { // Hadoop's IOExceptions arrive undeclared, through Scala
      throw new RnnException("cannot read " + what + " on Spark: " + SparkTraining.rootMessage(e));
    }
  }

  private RunData encodeIn(Tokenizer givenTokenizer, Vocabulary givenVocabulary) {
    RunConfig c = config;
    Plugins plugins = Plugins.defaults();
    TokenizerProvider provider = plugins.select(plugins.tokenizers(), c.tokenizer());
    JavaRDD<String> train = lines;
    JavaRDD<String> held = null;
    boolean split = c.validation() == null && c.validationFraction() > 0;
    if (c.validation() != null) {
      held = sc.textFile(c.validation(), partitions);
    } else if (split) {
      long seed = c.seed();
      double fraction = c.validationFraction();
      // numbered as a local run reading the corpus files numbers them: sentences skip blank
      // lines, a stream's pieces count every line
      JavaPairRDD<String, Long> numbered = (c.isStream() ? lines
          : lines.filter(l -> !l.isBlank())).zipWithIndex();
      train = numbered.filter(t -> !RunData.isHeldOut(seed, fraction, t._2())).keys();
      held = numbered.filter(t -> RunData.isHeldOut(seed, fraction, t._2())).keys();
    }
    Options options = Options.of(c.tokenizerOptions());
    Tokenizer tokenizer = givenTokenizer;
    if (tokenizer == null && provider.isTrainable()) {
      JavaRDD<String> text = c.isStream()
          ? train.flatMap(l -> dev.rnn4j.core.data.TextPieces.piecesOf(l).iterator())
          : train.filter(l -> !l.isBlank());
      LOG.info("training tokenizer '{}' on the driver, reading the training lines one partition "
          + "at a time", provider.name());
      tokenizer = provider.train(text::toLocalIterator, options);
    }
    HashMap<String, String> settings = LineEncoding.options(tokenizer != null
        ? tokenizer.settings().asMap() : c.tokenizerOptions());
    if (tokenizer == null) {
      tokenizer = provider.create(options);
    }
    Vocabulary vocabulary = givenVocabulary != null ? givenVocabulary : SparkVocabulary.count(
        train, provider.name(), settings, c.minCount(), c.maxVocab(), c.isStream());
    release();
    tokens = sc.broadcast(new ArrayList<>(vocabulary.tokens()));
    try {
      LineEncoding encoding = new LineEncoding(provider.name(), settings, tokens);
      TrainingData validation = held == null ? null : validation(held, encoding, vocabulary);
      RunData data = c.isStream() ? stream(train, encoding, provider, tokenizer, vocabulary,
          validation, split) : sentences(train, encoding, provider, tokenizer, vocabulary,
          validation, split);
      if (held != null && validation == null) {
        throw new RnnException("the validation data has no tokens; use a larger "
            + "validation_fraction or a validation file");
      }
      return data;
    } catch (RuntimeException e) {
      release();
      throw e;
    }
  }

  private RunData sentences(JavaRDD<String> train, LineEncoding encoding,
      TokenizerProvider provider, Tokenizer tokenizer, Vocabulary vocabulary,
      TrainingData validation, boolean split) {
    SparkSentences.Encoded e = SparkSentences.encode(train, encoding, partitions);
    int n = e.lengths().length;
    if (n == 0) {
      throw noTokens(provider, split);
    }
    placed = e.placed();
    long predicted = 0;
    int longest = 0;
    int longestAt = 0;
    for (int i = 0; i < n; i++) {
      predicted += e.lengths()[i] + 1L;
      if (e.lengths()[i] > longest) {
        longest = e.lengths()[i];
        longestAt = i;
      }
    }
    return new RunData(provider.name(), tokenizer, vocabulary, TrainingData.shapes(e.lengths()),
        validation, n, predicted, longest + 1, "sentence " + (longestAt + 1) + " of " + what);
  }

  private RunData stream(JavaRDD<String> train, LineEncoding encoding,
      TokenizerProvider provider, Tokenizer tokenizer, Vocabulary vocabulary,
      TrainingData validation, boolean split) {
    SparkStream.Encoded e = SparkStream.encode(sc, train, encoding, config.batch(),
        config.seqLength(), partitions);
    if (e.sequences() == 0) {
      throw noTokens(provider, split);
    }
    placed = e.columns();
    return new RunData(provider.name(), tokenizer, vocabulary,
        TrainingData.streamShape(e.length(), config.seqLength()), validation,
        (int) Math.min(Integer.MAX_VALUE, e.sequences()), e.tokens(), 0, null);
  }

  private RnnException noTokens(TokenizerProvider provider, boolean split) {
    if (lines.filter(l -> !l.isBlank()).isEmpty()) {
      int p = lines.getNumPartitions();
      return new RnnException("corpus '" + what + "' has no text (" + p + " partition"
          + (p == 1 ? "" : "s") + ", all empty or blank)");
    }
    return new RnnException("the corpus has no tokens with tokenizer '" + provider.name() + "'"
        + (split ? " (or all lines went to validation)" : ""));
  }

  /**
   * @return the validation lines encoded on the executors and collected (the driver evaluates
   *     them), or null when they have no tokens
   */
  private TrainingData validation(JavaRDD<String> held, LineEncoding encoding,
      Vocabulary vocabulary) {
    if (!config.isStream()) {
      List<int[]> sentences = held.mapPartitions(encoding::sentences).collect();
      return sentences.isEmpty() ? null : TrainingData.sentences(sentences);
    }
    List<LineEncoding.StreamPart> parts = held.mapPartitionsWithIndex(
        (i, it) -> encoding.streamPart(i == 0, it), true).collect();
    long length = 0;
    long sequences = 0;
    for (LineEncoding.StreamPart p : parts) {
      length += p.ids().length;
      sequences += p.sequences();
    }
    if (sequences == 0) {
      return null;
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new RnnException("the validation stream is too long for one array (" + length
          + " tokens)");
    }
    int[] ids = new int[(int) length];
    int at = 0;
    for (LineEncoding.StreamPart p : parts) {
      System.arraycopy(p.ids(), 0, ids, at, p.ids().length);
      at += p.ids().length;
    }
    return TrainingData.stream(ids, config.seqLength());
  }
}

package dev.rnn4j.spark;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.data.CorpusReader;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunData;
import dev.rnn4j.core.train.TrainingData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Sentences encoded on the executors, never on the driver: each partition tokenizes its
 * non-blank lines (a tokenizer created by name from the executor's plugins) and encodes them with
 * the broadcast vocabulary, as a local run does (a line without tokens is skipped); the sentences
 * are numbered in text order and kept, cached, in {@link Blocks} by that index, where {@link
 * SparkGradientEngine} reads them. The driver keeps only their lengths ({@link
 * TrainingData#shapes}). For a new sentence-mode run without validation data and with a tokenizer
 * that needs no training. Stateless.
 */
final class SparkSentences {
  private SparkSentences() {}

  /**
   * The encoded sentences and the run's data as the driver sees it.
   *
   * @param placed the sentences by global index, cached (the engine releases them)
   * @param data the run's data, its training sentences by length only
   */
  record Encoded(JavaPairRDD<Integer, Column> placed, RunData data) {}

  /**
   * @throws RnnException when the text has no tokens, naming {@code what}
   */
  static Encoded encode(JavaSparkContext sc, JavaRDD<String> lines, RunConfig c,
      Vocabulary vocabulary, int partitions, String what) {
    Plugins plugins = Plugins.defaults();
    TokenizerProvider provider = plugins.select(plugins.tokenizers(), c.tokenizer());
    Tokenizer tokenizer = provider.create(Options.of(c.tokenizerOptions()));
    Broadcast<ArrayList<String>> tokens = sc.broadcast(new ArrayList<>(vocabulary.tokens()));
    String name = c.tokenizer();
    HashMap<String, String> options = new HashMap<>(c.tokenizerOptions());
    JavaRDD<int[]> encoded = lines.mapPartitions(
        (Iterator<String> it) -> encodePartition(it, name, options, tokens.value()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long count = encoded.count();
      if (count == 0) {
        boolean blank = lines.filter(l -> !l.isBlank()).isEmpty();
        throw new RnnException(blank ? "corpus '" + what + "' has no text (" + lines.getNumPartitions()
            + " partitions, all empty or blank)"
            : "the corpus has no tokens with tokenizer '" + provider.name() + "'");
      }
      if (count > Integer.MAX_VALUE - 8) {
        throw new RnnException("the corpus has " + count + " sentences, more than one run takes");
      }
      int n = (int) count;
      JavaPairRDD<Integer, Column> placed = encoded.zipWithIndex()
          .mapToPair(t -> new Tuple2<>(t._2().intValue(), new Column(t._2().intValue(), t._1())))
          .partitionBy(new Blocks(partitions, n)).persist(StorageLevel.MEMORY_AND_DISK());
      int[] lengths = new int[n];
      for (Tuple2<Integer, Integer> l : placed.mapValues(col -> col.ids().length).collect()) {
        lengths[l._1()] = l._2();
      }
      long predicted = 0;
      int longest = 0;
      int longestAt = 0;
      for (int i = 0; i < n; i++) {
        predicted += lengths[i] + 1L;
        if (lengths[i] > longest) {
          longest = lengths[i];
          longestAt = i;
        }
      }
      org.slf4j.LoggerFactory.getLogger(SparkSentences.class).info("encoded {} sentences on {} "
          + "partitions; the driver keeps their lengths", n, partitions);
      RunData data = new RunData(provider.name(), tokenizer, vocabulary,
          TrainingData.shapes(lengths), null, n, predicted, longest + 1,
          "sentence " + (longestAt + 1) + " of " + what);
      return new Encoded(placed, data);
    } finally {
      encoded.unpersist(false);
      tokens.destroy();
    }
  }

  private static Iterator<int[]> encodePartition(Iterator<String> lines, String name,
      Map<String, String> options, List<String> vocabularyTokens) {
    Plugins plugins = Plugins.defaults();
    Tokenizer tokenizer = plugins.select(plugins.tokenizers(), name).create(Options.of(options));
    Vocabulary vocabulary = Vocabulary.of(vocabularyTokens);
    List<int[]> out = new ArrayList<>();
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.length() > CorpusReader.MAX_LINE_CHARS) {
        throw new RnnException("a line of the text is longer than " + CorpusReader.MAX_LINE_CHARS
            + " characters, too long for one sequence; train with --mode stream");
      }
      if (!line.isBlank()) {
        List<String> t = tokenizer.tokenize(line);
        if (!t.isEmpty()) {
          out.add(vocabulary.encode(t));
        }
      }
    }
    return out.iterator();
  }
}

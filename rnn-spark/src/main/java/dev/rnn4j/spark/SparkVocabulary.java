package dev.rnn4j.spark;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.data.TextPieces;
import dev.rnn4j.core.data.VocabularyBuilder;
import dev.rnn4j.core.plugin.Plugins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Counts the tokens of a text with Spark and builds the vocabulary by the core's rules: the same
 * {@link Vocabulary} as {@link VocabularyBuilder} on the same lines (same order, minimum count
 * and maximum size), because the counts are handed to a {@link VocabularyBuilder}. Each partition
 * tokenizes its non-blank lines with a tokenizer created by name from the plugins on the
 * executor's class path and counts them; the counts are summed by token. Stateless.
 */
public final class SparkVocabulary {
  private SparkVocabulary() {}

  /**
   * @param lines the text, one line per element (blank lines are skipped, as in a run)
   * @param tokenizer the name of a tokenizer that needs no training
   * @param options its options
   * @param minCount the fewest occurrences a token needs (at least 1)
   * @param maxVocab the largest size, specials included, or 0 for no limit
   * @return the vocabulary
   */
  public static Vocabulary count(JavaRDD<String> lines, String tokenizer,
      Map<String, String> options, int minCount, int maxVocab) {
    return count(lines, tokenizer, options, minCount, maxVocab, false);
  }

  /**
   * As {@link #count(JavaRDD, String, Map, int, int)}; with {@code blankLines}, blank lines are
   * tokenized too and long lines in pieces, as a stream-mode run reading files does (a lossless
   * tokenizer finds tokens in a line of spaces).
   */
  static Vocabulary count(JavaRDD<String> lines, String tokenizer, Map<String, String> options,
      int minCount, int maxVocab, boolean blankLines) {
    HashMap<String, String> opts = new HashMap<>(options);
    List<Tuple2<String, Long>> counts = lines.mapPartitionsToPair(
        (Iterator<String> it) -> countPartition(it, tokenizer, opts, blankLines))
        .reduceByKey(Long::sum).collect();
    VocabularyBuilder builder = new VocabularyBuilder().minCount(minCount);
    if (maxVocab > 0) {
      builder.maxSize(maxVocab);
    }
    for (Tuple2<String, Long> c : counts) {
      builder.add(c._1(), c._2());
    }
    return builder.build();
  }

  private static Iterator<Tuple2<String, Long>> countPartition(Iterator<String> lines,
      String name, Map<String, String> options, boolean blankLines) {
    Plugins plugins = Plugins.defaults();
    Tokenizer tokenizer = plugins.select(plugins.tokenizers(), name).create(Options.of(options));
    Map<String, Long> counts = new HashMap<>();
    while (lines.hasNext()) {
      String line = lines.next();
      if (blankLines || !line.isBlank()) {
        // a stream: every line, in the pieces a local pass cuts it into
        for (String piece : blankLines ? TextPieces.piecesOf(line) : List.of(line)) {
          for (String token : tokenizer.tokenize(piece)) {
            counts.merge(token, 1L, Long::sum);
          }
        }
      }
    }
    List<Tuple2<String, Long>> out = new ArrayList<>(counts.size());
    counts.forEach((token, n) -> out.add(new Tuple2<>(token, n)));
    return out.iterator();
  }
}

package dev.rnn4j.spark;

import dev.rnn4j.core.train.TrainingData;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Sentences encoded on the executors, never on the driver: each partition encodes its lines
 * ({@link LineEncoding#sentences}: a line without tokens is skipped, as locally); the sentences
 * are numbered in text order and kept, cached, in {@link Blocks} by that index, where {@link
 * SparkGradientEngine} reads them. The driver collects only their lengths (4 bytes each, one
 * array per partition) ({@link
 * TrainingData#shapes}). Stateless.
 */
final class SparkSentences {
  private SparkSentences() {}

  /**
   * The encoded sentences.
   *
   * @param placed the sentences by global index, cached (the engine releases them); null when
   *     the text has no tokens
   * @param lengths the tokens of each sentence, by global index
   */
  record Encoded(JavaPairRDD<Integer, Column> placed, int[] lengths) {}

  /**
   * @param lines the training lines
   * @throws dev.rnn4j.api.RnnException when a line is too long for sentence mode or there are
   *     too many sentences
   */
  static Encoded encode(JavaRDD<String> lines, LineEncoding encoding, int partitions) {
    JavaRDD<int[]> encoded = lines.mapPartitions(encoding::sentences)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<int[]> parts = encoded.mapPartitions(SparkSentences::lengths).collect();
      long count = 0;
      for (int[] p : parts) {
        count += p.length;
      }
      if (count == 0) {
        return new Encoded(null, new int[0]);
      }
      if (count > Integer.MAX_VALUE - 8) {
        throw new dev.rnn4j.api.RnnException("the corpus has " + count
            + " sentences, more than one run takes");
      }
      int n = (int) count;
      int[] lengths = new int[n];
      int at = 0;
      for (int[] p : parts) { // zipWithIndex numbers the sentences in this order
        System.arraycopy(p, 0, lengths, at, p.length);
        at += p.length;
      }
      JavaPairRDD<Integer, Column> placed = encoded.zipWithIndex()
          .mapToPair(t -> new Tuple2<>(t._2().intValue(), new Column(t._2().intValue(), t._1())))
          .partitionBy(new Blocks(partitions, n)).persist(StorageLevel.MEMORY_AND_DISK());
      placed.count();
      org.slf4j.LoggerFactory.getLogger(SparkSentences.class).info("encoded {} sentences on {} "
          + "partitions; the driver keeps their lengths", n, partitions);
      return new Encoded(placed, lengths);
    } finally {
      encoded.unpersist(false);
    }
  }

  /** @return the lengths of a partition's sentences, as one array */
  private static Iterator<int[]> lengths(Iterator<int[]> sentences) {
    int[] out = new int[64];
    int n = 0;
    while (sentences.hasNext()) {
      if (n == out.length) {
        out = Arrays.copyOf(out, 2 * n);
      }
      out[n++] = sentences.next().length;
    }
    return List.of(Arrays.copyOf(out, n)).iterator();
  }
}

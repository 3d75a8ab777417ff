package dev.rnn4j.spark;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.train.TrainingData;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * A stream encoded on the executors, never on the driver: each partition of the lines encodes its
 * part of the stream ({@link LineEncoding#streamPart}); the driver collects only each part's
 * length and counts, from which it knows every part's global position; then each part sends the
 * pieces of the {@code batch} parallel streams it holds (parallel stream {@code b} is global
 * positions {@code [b·per, (b+1)·per]}, {@code per = (length − 1) / batch}, as {@link
 * TrainingData#sequence} cuts it) to the partition that keeps that parallel stream ({@link
 * Blocks} over the columns), where they are joined. The driver keeps the stream's length only
 * ({@link TrainingData#streamShape}). Stateless.
 */
final class SparkStream {
  private SparkStream() {}

  /**
   * The encoded stream.
   *
   * @param columns parallel stream {@code b} keyed by {@code b} as {@link Column}{@code (b, ids)},
   *     in {@link Blocks}{@code (partitions, batch)}, cached (the engine releases them); null when
   *     the text has no tokens
   * @param length the stream's tokens
   * @param sequences its lines with tokens
   * @param tokens its predicted tokens
   */
  record Encoded(JavaPairRDD<Integer, Column> columns, int length, long sequences, long tokens) {}

  /** A piece of parallel stream {@code column}: {@code ids} from position {@code at} in it. */
  private record Piece(int at, int[] ids) implements Serializable {}

  /**
   * @param lines the training lines
   * @param batch the parallel streams
   * @param window the steps per batch
   * @throws RnnException when the stream is too long for one array or too short for the batch
   */
  static Encoded encode(JavaSparkContext sc, JavaRDD<String> lines, LineEncoding encoding,
      int batch, int window, int partitions) {
    JavaRDD<LineEncoding.StreamPart> parts = lines.mapPartitionsWithIndex(
        (i, it) -> encoding.streamPart(i == 0, it), true).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<long[]> shapes = parts.map(p -> new long[] {p.ids().length, p.sequences(), p.tokens()})
          .collect();
      long[] offsets = new long[shapes.size()];
      long length = 0;
      long sequences = 0;
      long tokens = 0;
      for (int i = 0; i < shapes.size(); i++) {
        offsets[i] = length;
        length += shapes.get(i)[0];
        sequences += shapes.get(i)[1];
        tokens += shapes.get(i)[2];
      }
      if (sequences == 0) {
        return new Encoded(null, 0, 0, 0);
      }
      if (length > Integer.MAX_VALUE - 8) {
        throw new RnnException("the token stream is too long for one array (" + length
            + " tokens); train on a part of the corpus");
      }
      TrainingData.streamShape((int) length, window).updatesPerEpoch(batch); // too short: refused
      long per = (length - 1) / batch;
      JavaPairRDD<Integer, Column> columns = parts
          .mapPartitionsWithIndex((i, it) -> pieces(it, offsets[i], per, batch), true)
          .mapToPair(t -> t).groupByKey(new Blocks(partitions, batch))
          .mapToPair(g -> new Tuple2<>(g._1(), join(g._1(), g._2(), (int) per)))
          .persist(StorageLevel.MEMORY_AND_DISK());
      columns.count();
      LoggerFactory.getLogger(SparkStream.class).info("encoded a stream of {} tokens on {} "
          + "partitions, placed as {} parallel streams; the driver keeps its length", length,
          lines.getNumPartitions(), batch);
      return new Encoded(columns, (int) length, sequences, tokens);
    } finally {
      parts.unpersist(false);
    }
  }

  /** @return the pieces of the parallel streams in the part that begins at {@code offset} */
  private static Iterator<Tuple2<Integer, Piece>> pieces(Iterator<LineEncoding.StreamPart> it,
      long offset, long per, int batch) {
    List<Tuple2<Integer, Piece>> out = new ArrayList<>();
    while (it.hasNext()) {
      int[] ids = it.next().ids();
      long end = offset + ids.length;
      for (long b = Math.max(0, offset / per - 1); b < batch && b * per < end; b++) {
        long from = Math.max(offset, b * per);
        long to = Math.min(end, (b + 1) * per + 1);
        if (from < to) {
          int[] slice = java.util.Arrays.copyOfRange(ids, (int) (from - offset),
              (int) (to - offset));
          out.add(new Tuple2<>((int) b, new Piece((int) (from - b * per), slice)));
        }
      }
    }
    return out.iterator();
  }

  private static Column join(int column, Iterable<Piece> pieces, int per) {
    int[] ids = new int[per + 1];
    int filled = 0;
    for (Piece p : pieces) {
      System.arraycopy(p.ids(), 0, ids, p.at(), p.ids().length);
      filled += p.ids().length;
    }
    if (filled != ids.length) {
      throw new IllegalStateException("parallel stream " + column + " got " + filled + " of "
          + ids.length + " ids");
    }
    return new Column(column, ids);
  }
}

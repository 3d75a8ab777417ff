package dev.rnn4j.core.train;

import java.io.Serializable;

/**
 * Where one update's rows come from, for a {@link DataLocalGradientEngine} that holds the
 * training sequences itself: each column's global sequence index and the rows of the batch the
 * update covers. With it and the sequences, {@link #fill} lays out a column exactly as the
 * trainer lays out the whole batch. Immutable by contract (the array is not copied);
 * serializable.
 *
 * @param stream whether the data is one stream read in windows (else sentences)
 * @param index the batch's index in its epoch
 * @param window the stream's window (its steps per batch); 0 for sentences
 * @param columns the global sequence index of each column of the batch (a sentence, or for a
 *     stream the parallel stream, which is the column itself), -1 for an empty column
 * @param from the first row (time step) of the batch this update covers (BPTT chunks)
 * @param steps the rows this update covers
 */
public record BatchPosition(boolean stream, int index, int window, int[] columns, int from,
    int steps) implements Serializable {

  /**
   * Writes column {@code column} of this update into {@code inputs} and {@code targets} ({@code
   * steps * batch}, time-major, already filled with -1 where nothing is written).
   *
   * @param sequence the column's sequence: a sentence's ids without {@code <s>}/{@code </s>}, or
   *     a parallel stream's ids (its share of the stream and the one id after it)
   */
  public void fill(int column, int[] sequence, int batch, int bos, int eos, int[] inputs,
      int[] targets) {
    for (int t = from; t < from + steps; t++) {
      int row = (t - from) * batch + column;
      if (stream) {
        int at = index * window + t;
        inputs[row] = sequence[at];
        targets[row] = sequence[at + 1];
      } else if (t <= sequence.length) {
        inputs[row] = t == 0 ? bos : sequence[t - 1];
        targets[row] = t == sequence.length ? eos : sequence[t];
      }
    }
  }
}

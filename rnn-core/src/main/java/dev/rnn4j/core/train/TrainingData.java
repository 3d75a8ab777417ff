package dev.rnn4j.core.train;

import dev.rnn4j.api.RnnException;
import java.util.Arrays;
import java.util.List;

/**
 * What a {@link Trainer} learns from, laid out into time-major batches.
 *
 * <ul>
 *   <li>{@link #sentences}: each sentence {@code w_1..w_k} is the input {@code <s> w_1..w_k} and
 *       the target {@code w_1..w_k </s>}; sentences are shuffled every epoch and grouped into
 *       batches padded on the right (padding contributes neither loss nor gradient); the state
 *       starts from zero for every batch.
 *   <li>{@link #stream}: one long token stream (character models, long text), split into {@code
 *       batch} parallel streams read in windows of {@code window} steps; the hidden state is
 *       carried from one window to the next (truncated BPTT as in min-char-rnn and char-rnn) and
 *       reset at each epoch.
 * </ul>
 *
 * Immutable; the arrays are not copied.
 */
public final class TrainingData {
  private final List<int[]> sentences;
  private final int[] stream;
  private final int streamTokens;
  private final int window;
  private final boolean shapeOnly;

  private TrainingData(List<int[]> sentences, int[] stream, int streamTokens, int window,
      boolean shapeOnly) {
    this.sentences = sentences;
    this.stream = stream;
    this.streamTokens = streamTokens;
    this.window = window;
    this.shapeOnly = shapeOnly;
  }

  /**
   * Sentences known by their lengths only, their ids held elsewhere (by a {@link
   * DataLocalGradientEngine} on a cluster's executors): batches, steps and token counts are those
   * of the real sentences, their ids are not known here, so only such an engine can train on it.
   *
   * @param lengths the tokens of each sentence, by global index (at least 1 each)
   */
  public static TrainingData shapes(int[] lengths) {
    if (lengths.length == 0) {
      throw new RnnException("there are no sentences to train on; check the corpus and the tokenizer");
    }
    int[] copy = lengths.clone();
    List<int[]> view = new java.util.AbstractList<>() {
      @Override
      public int[] get(int i) {
        return new int[copy[i]]; // id 0 in place of the unknown ids
      }

      @Override
      public int size() {
        return copy.length;
      }
    };
    return new TrainingData(view, null, 0, 0, true);
  }

  /**
   * @return whether only the sentences' lengths (or the stream's length) are known here (see
   *     {@link #shapes}, {@link #streamShape})
   */
  public boolean isShapeOnly() {
    return shapeOnly;
  }

  /** Sentences of token ids, without {@code <s>}/{@code </s>} (the trainer adds them). */
  public static TrainingData sentences(List<int[]> sentences) {
    if (sentences.isEmpty()) {
      throw new RnnException("there are no sentences to train on; check the corpus and the tokenizer");
    }
    return new TrainingData(List.copyOf(sentences), null, 0, 0, false);
  }

  /** One stream of token ids read in windows of {@code window} steps. */
  public static TrainingData stream(int[] tokens, int window) {
    if (window < 1) {
      throw new RnnException("the window (sequence length) must be at least 1, got " + window);
    }
    if (tokens.length < 2) {
      throw new RnnException("the token stream needs at least 2 tokens, got " + tokens.length);
    }
    return new TrainingData(null, tokens, tokens.length, window, false);
  }

  /**
   * A stream known by its length only, its ids held elsewhere (see {@link #shapes}): batches,
   * steps and token counts are those of the real stream.
   *
   * @param tokens the stream's length in tokens
   * @param window the steps per batch
   */
  public static TrainingData streamShape(int tokens, int window) {
    if (window < 1) {
      throw new RnnException("the window (sequence length) must be at least 1, got " + window);
    }
    if (tokens < 2) {
      throw new RnnException("the token stream needs at least 2 tokens, got " + tokens);
    }
    return new TrainingData(null, new int[0], tokens, window, true);
  }

  /** @return whether this is stream data (state carried between batches) */
  public boolean isStream() {
    return stream != null;
  }

  /** @return the sentences (sentence data only) */
  List<int[]> sentenceList() {
    return sentences;
  }

  /**
   * @return the sequences by global index: for sentences their count, for a stream the {@code
   *     batch} parallel streams
   */
  public int sequenceCount(int batch) {
    return stream != null ? batch : sentences.size();
  }

  /**
   * @return sequence {@code i} (see {@link #sequenceCount}): a sentence's ids, or parallel stream
   *     {@code i}'s share of the stream and the id after it (a copy), as {@link
   *     BatchPosition#fill} reads it
   */
  public int[] sequence(int i, int batch) {
    if (shapeOnly) {
      throw new IllegalStateException("the sentences' ids are not held here (shape-only data)");
    }
    if (stream == null) {
      return sentences.get(i);
    }
    int per = streamLength(batch);
    return Arrays.copyOfRange(stream, i * per, (i + 1) * per + 1);
  }

  /** @return the window of a stream, 0 for sentences */
  int window() {
    return stream != null ? window : 0;
  }

  /** @return the number of sequences that the order of an epoch permutes (sentences), or 0 */
  int shuffleSize() {
    return sentences == null ? 0 : sentences.size();
  }

  /** @return the largest number of steps of one batch */
  int maxSteps() {
    if (stream != null) {
      return window;
    }
    int max = 0;
    for (int[] s : sentences) {
      max = Math.max(max, s.length + 1);
    }
    return max;
  }

  /**
   * @return the updates of one epoch at batch size {@code batch} (without BPTT truncation)
   * @throws RnnException when a stream is too short for {@code batch} parallel streams
   */
  public int updatesPerEpoch(int batch) {
    return batchCount(batch);
  }

  /** @return the batches in one epoch */
  int batchCount(int batch) {
    if (stream != null) {
      int per = streamLength(batch);
      return (per + window - 1) / window;
    }
    return (sentences.size() + batch - 1) / batch;
  }

  private int streamLength(int batch) {
    int per = (streamTokens - 1) / batch;
    if (per < 1) {
      throw new RnnException("the token stream (" + streamTokens + " tokens) is too short for "
          + batch + " parallel streams; lower the batch size");
    }
    return per;
  }

  /** @return the predicted tokens in the whole data (for one epoch) */
  long tokenCount(int batch) {
    if (stream != null) {
      return (long) streamLength(batch) * batch;
    }
    long n = 0;
    for (int[] s : sentences) {
      n += s.length + 1;
    }
    return n;
  }

  /**
   * Lays out batch {@code index} time-major into {@code inputs}/{@code targets} (-1 = padding).
   *
   * @param order the epoch's permutation of sentences (ignored for streams)
   * @return the number of steps of the batch
   */
  int fill(int[] order, int index, int batch, int bos, int eos, int[] inputs, int[] targets) {
    if (stream != null) {
      int per = streamLength(batch);
      int from = index * window;
      int steps = Math.min(window, per - from);
      if (shapeOnly) { // id 0 in place of the unknown ids
        Arrays.fill(inputs, 0, steps * batch, 0);
        Arrays.fill(targets, 0, steps * batch, 0);
        return steps;
      }
      for (int b = 0; b < batch; b++) {
        int base = b * per + from;
        for (int t = 0; t < steps; t++) {
          inputs[t * batch + b] = stream[base + t];
          targets[t * batch + b] = stream[base + t + 1];
        }
      }
      return steps;
    }
    int from = index * batch;
    int steps = 0;
    for (int b = 0; b < batch && from + b < order.length; b++) {
      steps = Math.max(steps, sentences.get(order[from + b]).length + 1);
    }
    Arrays.fill(inputs, 0, steps * batch, -1);
    Arrays.fill(targets, 0, steps * batch, -1);
    for (int b = 0; b < batch && from + b < order.length; b++) {
      int[] s = sentences.get(order[from + b]);
      for (int t = 0; t <= s.length; t++) {
        inputs[t * batch + b] = t == 0 ? bos : s[t - 1];
        targets[t * batch + b] = t == s.length ? eos : s[t];
      }
    }
    return steps;
  }

  /** Checks every id lies in {@code [0, vocabSize)}. */
  void checkIds(int vocabSize) {
    if (shapeOnly) {
      return;
    }
    if (stream != null) {
      check(stream, vocabSize);
    } else {
      for (int[] s : sentences) {
        check(s, vocabSize);
      }
    }
  }

  private static void check(int[] ids, int m) {
    for (int id : ids) {
      if (id < 0 || id >= m) {
        throw new RnnException("token id " + id + " is outside the vocabulary [0, " + m + ")");
      }
    }
  }
}

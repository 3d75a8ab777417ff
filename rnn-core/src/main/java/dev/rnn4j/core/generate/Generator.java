package dev.rnn4j.core.generate;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * Generates token sequences from a trained {@link RnnLanguageModel}, one step at a time with batch
 * 1 (matrix-vector kernels), and explains the model with next-token probability tables.
 *
 * <p>Generation starts from a prefix (normally just {@code <s>}) that primes the state, then
 * repeatedly picks the next token until {@code </s>} or a length limit: the most probable one
 * (greedy); a draw from the distribution after dividing the logits by a temperature, optionally
 * restricted to the {@code k} most probable tokens (top-k) and/or to the smallest set whose
 * probability reaches {@code p} (top-p, nucleus); or the most probable whole sequence found by
 * beam search of a given width. Tokens listed as banned (padding, {@code <s>}) are never produced.
 * With the same seed the output is the same. Not thread-safe: use one generator per thread.
 */
public final class Generator {
  private final RnnLanguageModel model;
  private final StepModel steps;
  private final int eos;
  private final int[] banned;
  private final double[] probs;
  private final TopTokens top;

  /**
   * @param eos the id that ends a sequence ({@code </s>}); a negative id never ends one
   * @param banned ids never generated (for example {@code <pad>} and {@code <s>})
   */
  public Generator(RnnLanguageModel model, int eos, int... banned) {
    this.model = model;
    this.steps = new StepModel(model);
    this.eos = eos;
    this.banned = banned.clone();
    int m = model.config().vocabSize();
    this.probs = new double[m];
    this.top = new TopTokens(probs);
  }

  /**
   * @param prefix the ids read, normally {@code <s>} first; at least one
   * @return P(next id | prefix) over the vocabulary, as the model gives it (nothing banned)
   */
  public double[] next(int[] prefix) {
    checkArgs(prefix, 1);
    StepModel.State state = steps.newState();
    double[] p = new double[probs.length];
    for (int id : prefix) {
      steps.next(state, id, p);
    }
    return p;
  }

  /** @return the ids after the prefix chosen greedily (argmax), without the final {@code </s>} */
  public int[] greedy(int[] prefix, int maxTokens) {
    return run(prefix, maxTokens, null, null);
  }

  /**
   * Samples with a temperature only (no top-k/top-p).
   *
   * @return the sampled ids after the prefix, without the final {@code </s>}
   */
  public int[] sample(int[] prefix, int maxTokens, double temperature, RandomGenerator random) {
    return sample(prefix, maxTokens, new Sampling(temperature, 0, 1), random);
  }

  /**
   * @param sampling temperature, top-k and top-p
   * @param random source of the draws (seed it for reproducible output)
   * @return the sampled ids after the prefix, without the final {@code </s>}
   */
  public int[] sample(int[] prefix, int maxTokens, Sampling sampling, RandomGenerator random) {
    return run(prefix, maxTokens, sampling, random);
  }

  /**
   * How to sample.
   *
   * @param temperature divides the logits: below 1 sharper, above 1 flatter; positive
   * @param topK if positive, only the k most probable tokens can be drawn
   * @param topP in (0, 1]: only the smallest set of most probable tokens whose probabilities sum
   *     to at least p can be drawn (1 = no restriction)
   */
  public record Sampling(double temperature, int topK, double topP) {
    /** Validates with messages for users. */
    public Sampling {
      if (!(temperature > 0) || !Double.isFinite(temperature)) {
        throw new RnnException("the temperature must be a positive number, got " + temperature);
      }
      if (topK < 0) {
        throw new RnnException("top-k must be >= 0 (0 = off), got " + topK);
      }
      if (!(topP > 0 && topP <= 1)) {
        throw new RnnException("top-p must be in (0, 1], got " + topP);
      }
    }
  }

  /**
   * Greedy ({@code sampling == null}) or sampled generation that reports each token as it is
   * chosen, for streaming.
   *
   * @param onToken called with each generated id ({@code </s>} excluded), in order; returning
   *     false stops generation after that token (a stop sequence was met, the client left)
   * @return the ids generated, without {@code </s>}
   */
  public int[] generate(int[] prefix, int maxTokens, Sampling sampling, RandomGenerator random,
      IntPredicate onToken) {
    return run(prefix, maxTokens, sampling, random, onToken);
  }

  private int[] run(int[] prefix, int maxTokens, Sampling sampling, RandomGenerator random) {
    return run(prefix, maxTokens, sampling, random, id -> true);
  }

  private int[] run(int[] prefix, int maxTokens, Sampling sampling, RandomGenerator random,
      IntPredicate onToken) {
    checkArgs(prefix, maxTokens);
    StepModel.State state = steps.newState();
    if (sampling == null) {
      return greedy(state, prefix, maxTokens, onToken);
    }
    Tensor logits = null;
    for (int id : prefix) {
      logits = steps.logits(state, id);
    }
    List<Integer> out = new ArrayList<>();
    int m = model.config().vocabSize();
    while (out.size() < maxTokens) {
      model.ops().scale(m, 1 / sampling.temperature(), logits, 0);
      ban(logits);
      model.ops().softmaxCrossEntropy(1, m, logits, 0, null, 0, null, false);
      for (int i = 0; i < m; i++) {
        probs[i] = logits.get(i);
      }
      restrict(sampling);
      int next = draw(random);
      if (next == eos) {
        break;
      }
      out.add(next);
      if (!onToken.test(next)) {
        break;
      }
      logits = steps.logits(state, next);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Greedy generation: each next token from {@link StepModel#nextGreedy}. */
  private int[] greedy(StepModel.State state, int[] prefix, int maxTokens, IntPredicate onToken) {
    for (int i = 0; i < prefix.length - 1; i++) {
      steps.logits(state, prefix[i]);
    }
    List<Integer> out = new ArrayList<>();
    int next = steps.nextGreedy(state, prefix[prefix.length - 1], banned);
    while (next != eos) {
      out.add(next);
      if (!onToken.test(next) || out.size() == maxTokens) {
        break;
      }
      next = steps.nextGreedy(state, next, banned);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private void checkArgs(int[] prefix, int maxTokens) {
    if (prefix.length == 0) {
      throw new RnnException("generation needs a prefix of at least one token (<s>)");
    }
    if (maxTokens < 1) {
      throw new RnnException("the length limit must be at least 1, got " + maxTokens);
    }
  }

  private void ban(Tensor logits) {
    for (int b : banned) {
      logits.set(b, Double.NEGATIVE_INFINITY);
    }
  }

  /** Zeroes the probabilities outside the top-k / top-p set (the draw renormalises). */
  private void restrict(Sampling s) {
    top.restrict(s.topK(), s.topP());
  }

  private int draw(RandomGenerator random) {
    double total = 0;
    for (double p : probs) {
      total += p;
    }
    double u = random.nextDouble() * total;
    double acc = 0;
    int last = 0;
    for (int i = 0; i < probs.length; i++) {
      if (probs[i] > 0) {
        acc += probs[i];
        last = i;
        if (u < acc) {
          return i;
        }
      }
    }
    return last;
  }

  /**
   * Beam search: keeps the {@code width} most probable partial sequences (by summed log
   * probability) at every step; a sequence ends at {@code </s>}. Returns the most probable
   * finished sequence (or the best unfinished one at the length limit), without {@code </s>}.
   */
  public int[] beam(int[] prefix, int maxTokens, int width) {
    return beams(prefix, maxTokens, width, 1).get(0);
  }

  /**
   * Beam search as {@link #beam}, returning the {@code count} most probable distinct sequences:
   * finished ones first (most probable first), then, if fewer than {@code count} finished, the
   * unfinished ones at the length limit. Fewer than {@code count} when the vocabulary allows
   * fewer.
   *
   * @param count how many sequences, 1 to {@code width}
   * @throws RnnException for a width below 1 or a count outside [1, width]
   */
  public List<int[]> beams(int[] prefix, int maxTokens, int width, int count) {
    checkArgs(prefix, maxTokens);
    if (width < 1) {
      throw new RnnException("the beam width must be at least 1, got " + width);
    }
    if (count < 1 || count > width) {
      throw new RnnException("beam search of width " + width + " gives 1 to " + width
          + " sequences, not " + count);
    }
    List<Hypothesis> beams = new ArrayList<>();
    StepModel.State start = steps.newState();
    double[] first = new double[probs.length];
    for (int id : prefix) {
      steps.next(start, id, first);
    }
    beams.add(new Hypothesis(new int[0], 0, start, first));
    List<Hypothesis> finished = new ArrayList<>();
    for (int len = 0; len < maxTokens && !beams.isEmpty(); len++) {
      List<Hypothesis> nextBeams = step(beams, width, finished);
      finished.sort(BY_PROBABILITY);
      if (finished.size() > count) {
        finished.subList(count, finished.size()).clear();
      }
      if (finished.size() == count
          && (nextBeams.isEmpty() || finished.get(count - 1).logProb >= nextBeams.get(0).logProb)) {
        break; // log probabilities only fall: nothing can beat the finished ones
      }
      beams = nextBeams;
    }
    List<int[]> out = new ArrayList<>();
    for (Hypothesis h : finished) {
      out.add(Arrays.copyOf(h.ids, h.ids.length - 1));
    }
    for (int k = 0; k < beams.size() && out.size() < count; k++) {
      out.add(beams.get(k).ids);
    }
    if (out.isEmpty()) {
      out.add(new int[0]);
    }
    return out;
  }

  private static final java.util.Comparator<Hypothesis> BY_PROBABILITY =
      (a, b) -> Double.compare(b.logProb, a.logProb);

  /** @return the next beams (most probable first); sequences ending in eos go to {@code finished} */
  private List<Hypothesis> step(List<Hypothesis> beams, int width, List<Hypothesis> finished) {
    List<Hypothesis> candidates = new ArrayList<>();
    for (Hypothesis h : beams) {
      for (int id : topIds(h.next, width + banned.length + 1)) {
        if (isBanned(id) || h.next[id] <= 0) {
          continue;
        }
        candidates.add(new Hypothesis(append(h.ids, id), h.logProb + Math.log(h.next[id]), h.state, null));
      }
    }
    candidates.sort(BY_PROBABILITY);
    List<Hypothesis> nextBeams = new ArrayList<>();
    for (Hypothesis c : candidates) {
      if (nextBeams.size() == width) {
        break;
      }
      int last = c.ids[c.ids.length - 1];
      if (last == eos) {
        finished.add(c);
        continue;
      }
      StepModel.State s = c.state.copy();
      double[] p = new double[probs.length];
      steps.next(s, last, p);
      nextBeams.add(new Hypothesis(c.ids, c.logProb, s, p));
    }
    return nextBeams;
  }

  private boolean isBanned(int id) {
    for (int b : banned) {
      if (b == id) {
        return true;
      }
    }
    return false;
  }

  private static int[] topIds(double[] p, int k) {
    Integer[] idx = new Integer[p.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> p[b] != p[a] ? Double.compare(p[b], p[a]) : a - b);
    int[] out = new int[Math.min(k, idx.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  private static int[] append(int[] ids, int id) {
    int[] out = Arrays.copyOf(ids, ids.length + 1);
    out[ids.length] = id;
    return out;
  }

  private record Hypothesis(int[] ids, double logProb, StepModel.State state, double[] next) {}

  /**
   * The model's own explanation of a sequence: row {@code t} is P(next token | ids[0..t]) over
   * the whole vocabulary, computed with one forward pass over the sequence.
   */
  public static double[][] nextTokenProbabilities(RnnLanguageModel model, int[] ids) {
    if (ids.length == 0) {
      throw new RnnException("the sequence is empty");
    }
    ModelWorkspace w = model.newWorkspace(ids.length, 1);
    model.forward(w, ids, 0, ids.length, null);
    model.loss(w, null, 0, null, false);
    int m = model.config().vocabSize();
    double[][] table = new double[ids.length][m];
    for (int t = 0; t < ids.length; t++) {
      for (int j = 0; j < m; j++) {
        table[t][j] = w.logits().get(t * m + j);
      }
    }
    return table;
  }
}

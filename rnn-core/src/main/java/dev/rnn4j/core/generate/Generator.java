package dev.rnn4j.core.generate;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.ops.Regions;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Generates token sequences from a trained {@link RnnLanguageModel}, one step at a time with batch
 * 1 (matrix-vector kernels), and explains the model with next-token probability tables.
 *
 * <p>Generation starts from a prefix (normally just {@code <s>}) that primes the state, then
 * repeatedly picks the next token — the most probable one (greedy) or a draw from the
 * distribution sharpened or flattened by a temperature — until {@code </s>} or a length limit.
 * Tokens listed as banned (padding, {@code <s>}) are never produced. Not thread-safe: use one
 * generator per thread.
 */
public final class Generator {
  private final RnnLanguageModel model;
  private final int eos;
  private final int[] banned;
  private final ModelWorkspace ws;
  private final Tensor[] states;
  private final Tensor probs;
  private final int[] input = new int[1];

  /**
   * @param eos the id that ends a sequence ({@code </s>})
   * @param banned ids never generated (for example {@code <pad>} and {@code <s>})
   */
  public Generator(RnnLanguageModel model, int eos, int... banned) {
    this.model = model;
    this.eos = eos;
    this.banned = banned.clone();
    this.ws = model.newWorkspace(1, 1);
    int layers = model.config().layers();
    this.states = new Tensor[layers];
    for (int l = 0; l < layers; l++) {
      states[l] = Tensor.zeros(model.config().dtype(), 1, model.cell(l).stateWidth());
    }
    this.probs = ws.logits();
  }

  /** @return the ids after the prefix chosen greedily (argmax), without the final {@code </s>} */
  public int[] greedy(int[] prefix, int maxTokens) {
    return run(prefix, maxTokens, 0, null);
  }

  /**
   * @param temperature divides the logits before the softmax: below 1 sharper, above 1 flatter;
   *     must be positive
   * @param random source of the draws (seed it for reproducible output)
   * @return the sampled ids after the prefix, without the final {@code </s>}
   */
  public int[] sample(int[] prefix, int maxTokens, double temperature, RandomGenerator random) {
    if (!(temperature > 0) || !Double.isFinite(temperature)) {
      throw new RnnException("the temperature must be a positive number, got " + temperature);
    }
    return run(prefix, maxTokens, temperature, random);
  }

  private int[] run(int[] prefix, int maxTokens, double temperature, RandomGenerator random) {
    if (prefix.length == 0) {
      throw new RnnException("generation needs a prefix of at least one token (<s>)");
    }
    if (maxTokens < 1) {
      throw new RnnException("the length limit must be at least 1, got " + maxTokens);
    }
    reset();
    for (int id : prefix) {
      step(id);
    }
    List<Integer> out = new ArrayList<>();
    int m = model.config().vocabSize();
    while (out.size() < maxTokens) {
      int next;
      if (random == null) {
        banLogits();
        next = model.ops().argmax(m, probs, 0);
      } else {
        model.ops().scale(m, 1 / temperature, probs, 0);
        banLogits();
        model.ops().softmaxCrossEntropy(1, m, probs, 0, null, 0, null, false);
        next = draw(random);
      }
      if (next == eos) {
        break;
      }
      out.add(next);
      step(next);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Resets the state to zeros (before a new sequence). */
  private void reset() {
    for (Tensor s : states) {
      s.zero();
    }
  }

  /** Feeds one token; afterwards {@link #probs} holds the logits of the next token. */
  private void step(int id) {
    input[0] = id;
    model.forward(ws, input, 0, 1, states);
    for (int l = 0; l < states.length; l++) {
      Regions.copy(ws.finalState(l), 0, states[l], 0, states[l].size());
    }
  }

  private void banLogits() {
    for (int b : banned) {
      probs.set(b, Double.NEGATIVE_INFINITY);
    }
  }

  private int draw(RandomGenerator random) {
    int m = model.config().vocabSize();
    double u = random.nextDouble();
    double acc = 0;
    int last = 0;
    for (int i = 0; i < m; i++) {
      double p = probs.get(i);
      if (p > 0) {
        acc += p;
        last = i;
        if (u < acc) {
          return i;
        }
      }
    }
    return last;
  }

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

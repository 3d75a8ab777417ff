package dev.rnn4j.core.generate;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.ops.Regions;

/**
 * The streaming API for applications: one token in, the distribution of the next token out, with
 * the recurrent state kept by the caller in a {@link State}. Feeding the tokens of a sequence one
 * by one gives the same distributions as a forward pass over the whole sequence.
 *
 * <p>The output weights {@code V} are packed for the backend's matrix-vector product ({@link
 * TensorOps#pack}) when the step model is created, since every token multiplies all of them: a step
 * model sees the weights as they were then (the cells' recurrent weights likewise: their
 * workspace is marked with fixed weights). After changing the weights (more training, loading
 * others), create a new one.
 *
 * <p>A step model owns a one-step workspace: use one per thread. States are independent, so one
 * step model can serve many conversations in turn.
 */
public final class StepModel {
  private final RnnLanguageModel model;
  private final ModelWorkspace ws;
  private final int[] input = new int[1];
  private final PackedMatrix outputWeights;

  /** A step model over {@code model}, with its output weights packed as they are now. */
  public StepModel(RnnLanguageModel model) {
    this.model = model;
    this.ws = model.newWorkspace(1, 1);
    ws.fixWeights();
    this.outputWeights = model.packOutputWeights();
  }

  /** The recurrent state of one sequence: one tensor per layer. Mutable; {@link #copy()} to fork. */
  public static final class State {
    final Tensor[] layers;

    State(Tensor[] layers) {
      this.layers = layers;
    }

    /** @return an independent copy (to branch, as beam search does) */
    public State copy() {
      Tensor[] c = new Tensor[layers.length];
      for (int i = 0; i < c.length; i++) {
        c[i] = layers[i].copy();
      }
      return new State(c);
    }
  }

  /** @return the state before any token: zeros */
  public State newState() {
    Tensor[] t = new Tensor[model.config().layers()];
    for (int l = 0; l < t.length; l++) {
      t[l] = Tensor.zeros(model.config().dtype(), 1, model.cell(l).stateWidth());
    }
    return new State(t);
  }

  /** @return the vocabulary size, the length of every distribution */
  public int vocabSize() {
    return model.config().vocabSize();
  }

  /**
   * Reads {@code token}, advances {@code state}, and writes P(next token | all tokens so far) into
   * {@code probabilities} (length {@link #vocabSize()}).
   */
  public void next(State state, int token, double[] probabilities) {
    logits(state, token);
    model.ops().softmaxCrossEntropy(1, vocabSize(), ws.logits(), 0, null, 0, null, false);
    for (int i = 0; i < probabilities.length; i++) {
      probabilities[i] = ws.logits().get(i);
    }
  }

  /**
   * Reads {@code token}, advances {@code state}, and returns the most probable next token, the
   * {@code banned} ids excluded (the first of equally probable ones): what greedy generation picks.
   * The same id as the argmax of {@link #next}'s probabilities; with the {@code simd} backend on a
   * float32 model it is found from a bfloat16 copy of the output weights plus an exact check of
   * the few tokens that could win, about half the memory traffic of the full product.
   */
  public int nextGreedy(State state, int token, int... banned) {
    checkToken(token);
    input[0] = token;
    int best = model.forwardStepArgmax(ws, input, 0, state.layers, outputWeights, banned);
    keepState(state);
    return best;
  }

  private void checkToken(int token) {
    if (token < 0 || token >= vocabSize()) {
      throw new RnnException("token id " + token + " is outside the vocabulary [0, " + vocabSize() + ")");
    }
  }

  private void keepState(State state) {
    for (int l = 0; l < state.layers.length; l++) {
      Regions.copy(ws.finalState(l), 0, state.layers[l], 0, state.layers[l].size());
    }
  }

  /** Like {@link #next} but leaves the raw logits of the next token in the returned tensor row. */
  Tensor logits(State state, int token) {
    checkToken(token);
    input[0] = token;
    model.forwardStep(ws, input, 0, state.layers, outputWeights);
    keepState(state);
    return ws.logits();
  }
}

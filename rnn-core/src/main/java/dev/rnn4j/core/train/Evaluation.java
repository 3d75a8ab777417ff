package dev.rnn4j.core.train;

import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;

/** Loss and perplexity of a model on held-out data, without updating it. */
public final class Evaluation {
  private Evaluation() {}

  /**
   * @return the summed cross-entropy divided by the number of predicted tokens (nats per token),
   *     over {@code data} read in order in batches of {@code batch} (streams carry the state
   *     between windows, as in training)
   */
  public static double lossPerToken(RnnLanguageModel model, TrainingData data, int batch, int bos, int eos) {
    int maxSteps = data.maxSteps();
    ModelWorkspace ws = model.newWorkspace(maxSteps, batch);
    int[] inputs = new int[maxSteps * batch];
    int[] targets = new int[maxSteps * batch];
    int[] order = new int[data.shuffleSize()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    dev.rnn4j.api.Tensor[] carry = null;
    double total = 0;
    long tokens = 0;
    for (int b = 0; b < data.batchCount(batch); b++) {
      int steps = data.fill(order, b, batch, bos, eos, inputs, targets);
      model.forward(ws, inputs, 0, steps, carry);
      total += model.loss(ws, targets, 0, null, false);
      for (int i = 0; i < steps * batch; i++) {
        tokens += targets[i] >= 0 ? 1 : 0;
      }
      if (data.isStream()) { // carry the state to the next window; buffers allocated once
        if (carry == null) {
          carry = new dev.rnn4j.api.Tensor[model.config().layers()];
          for (int l = 0; l < carry.length; l++) {
            carry[l] = ws.finalState(l).copy();
          }
        } else {
          for (int l = 0; l < carry.length; l++) {
            carry[l].copyFrom(ws.finalState(l));
          }
        }
      }
    }
    return total / Math.max(1, tokens);
  }

  /**
   * The loss of a model on one token stream that arrives in pieces, read in windows of a fixed
   * length with the hidden state carried from window to window (batch 1), so that any amount of
   * text is evaluated in memory bounded by the window. Order of use: {@link #accept} any number
   * of times, then {@link #finish}. Not thread-safe.
   */
  public static final class Stream {
    private final RnnLanguageModel model;
    private final ModelWorkspace ws;
    private final int[] buffer;
    private final int[] targets;
    private final dev.rnn4j.api.Tensor[] carry;
    private int length;
    private double total;
    private long tokens;
    private boolean started;

    /**
     * @param window steps per forward pass (the training window, for example 50)
     * @param first the id the stream starts with ({@code </s>}, as in stream-mode training)
     */
    public Stream(RnnLanguageModel model, int window, int first) {
      this.model = model;
      this.ws = model.newWorkspace(window, 1);
      this.buffer = new int[window + 1];
      this.targets = new int[window];
      this.carry = new dev.rnn4j.api.Tensor[model.config().layers()];
      for (int l = 0; l < carry.length; l++) {
        carry[l] = dev.rnn4j.api.Tensor.zeros(model.config().dtype(), 1, model.cell(l).stateWidth());
      }
      buffer[length++] = first;
    }

    /** Adds token ids to the stream, evaluating every window they complete. */
    public void accept(int[] ids) {
      for (int id : ids) {
        buffer[length++] = id;
        if (length == buffer.length) {
          window(length - 1);
        }
      }
    }

    private void window(int steps) {
      System.arraycopy(buffer, 1, targets, 0, steps);
      model.forward(ws, buffer, 0, steps, started ? carry : null);
      total += model.loss(ws, targets, 0, null, false);
      tokens += steps;
      for (int l = 0; l < carry.length; l++) {
        dev.rnn4j.core.ops.Regions.copy(ws.finalState(l), 0, carry[l], 0, carry[l].size());
      }
      started = true;
      buffer[0] = buffer[steps];
      length = 1;
    }

    /** @return the summed cross-entropy divided by the predicted tokens (nats per token) */
    public double finish() {
      if (length > 1) {
        window(length - 1);
      }
      return total / Math.max(1, tokens);
    }

    /** @return the tokens predicted so far */
    public long tokens() {
      return tokens;
    }
  }
}

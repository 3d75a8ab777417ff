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
}

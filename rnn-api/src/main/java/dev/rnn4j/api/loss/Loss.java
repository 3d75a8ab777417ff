package dev.rnn4j.api.loss;

import dev.rnn4j.api.Tensor;

/**
 * A loss over per-step output scores (logits) and target ids. Stateless and thread-safe.
 */
public interface Loss {
  /**
   * Computes the loss of {@code rows} rows of {@code cols} scores and, with {@code gradient},
   * overwrites each row with the gradient of the loss with respect to it. A negative target marks
   * padding: no loss, zero gradient.
   *
   * @param rowLoss if not null, receives each row's loss
   * @return the summed loss over all rows
   */
  double evaluate(int rows, int cols, Tensor logits, int off, int[] targets, int tOff,
      double[] rowLoss, boolean gradient);
}

package dev.rnn4j.core.train;

/**
 * How a {@link Trainer} reduces the per-token losses of one update before back-propagation; the
 * optimizer sees the gradient of the reduced loss. Reported losses and perplexities do not depend
 * on it.
 */
public enum LossReduction {
  /**
   * The sum over the batch's predicted tokens, as in the classic model ({@code L = sum_t -log
   * p_t[y_t]}): gradients grow with batch size and window length. PyTorch's {@code
   * reduction="sum"}.
   */
  SUM,
  /**
   * The sum divided by the number of predicted (non-padding) tokens of the update: PyTorch's
   * {@code nn.CrossEntropyLoss()} default ({@code reduction="mean"} with {@code ignore_index}).
   * Learning rates tuned for PyTorch carry over to SGD, momentum, RMSprop and Adagrad; Adam is
   * nearly invariant to the scale (only {@code eps} sees it).
   */
  MEAN
}

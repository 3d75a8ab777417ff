package dev.rnn4j.core.train;

/**
 * The outcome of one epoch.
 *
 * @param epoch 1-based epoch number
 * @param meanLoss summed cross-entropy divided by the number of predicted tokens (nats per token)
 * @param tokens predicted tokens (each sentence's words plus its {@code </s>})
 * @param seconds wall-clock time of the epoch's training
 * @param validationLoss loss per token on the held-out data, or NaN without validation data
 * @param learningRate the learning rate used during the epoch
 */
public record EpochStats(int epoch, double meanLoss, long tokens, double seconds,
    double validationLoss, double learningRate) {
  /** @return {@code exp(meanLoss)}, the perplexity per token */
  public double perplexity() {
    return Math.exp(meanLoss);
  }

  /** @return {@code exp(validationLoss)}, or NaN without validation data */
  public double validationPerplexity() {
    return Math.exp(validationLoss);
  }

  /** @return tokens per second */
  public double tokensPerSecond() {
    return seconds > 0 ? tokens / seconds : 0;
  }
}

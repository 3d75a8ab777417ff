package dev.rnn4j.core.train;

/**
 * The outcome of one epoch.
 *
 * @param epoch 1-based epoch number
 * @param meanLoss summed cross-entropy divided by the number of predicted tokens (nats per token)
 * @param tokens predicted tokens (each sentence's words plus its {@code </s>})
 * @param seconds wall-clock time of the epoch
 */
public record EpochStats(int epoch, double meanLoss, long tokens, double seconds) {
  /** @return {@code exp(meanLoss)}, the perplexity per token */
  public double perplexity() {
    return Math.exp(meanLoss);
  }

  /** @return tokens per second */
  public double tokensPerSecond() {
    return seconds > 0 ? tokens / seconds : 0;
  }
}

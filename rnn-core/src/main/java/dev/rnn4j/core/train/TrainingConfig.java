package dev.rnn4j.core.train;

import dev.rnn4j.api.RnnException;

/**
 * How to train: passes over the data, sequences per batch, the seed of the shuffling, truncation
 * of back-propagation through time, gradient clipping and early stopping.
 *
 * @param epochs passes over the corpus, at least 1
 * @param batchSize sequences per update (1 = one update per sentence, as in the classic model)
 * @param seed seed of the per-epoch shuffle; the same seed and data give the same weights
 * @param clipValue if positive, each gradient element is clamped to {@code [-clipValue,
 *     clipValue]} (min-char-rnn uses 5)
 * @param clipNorm if positive, all gradients are scaled down together when their global L2 norm
 *     exceeds it
 * @param bpttSteps if positive, truncated BPTT: sequences longer than this are processed in
 *     chunks of this many steps, the hidden state carried from one chunk to the next, one update
 *     per chunk; 0 = full BPTT
 * @param patience if positive and validation data is given, stop when the validation loss has
 *     not improved for this many epochs; 0 = never stop early
 */
public record TrainingConfig(int epochs, int batchSize, long seed, double clipValue,
    double clipNorm, int bpttSteps, int patience) {

  /** Validates with messages for users. */
  public TrainingConfig {
    if (epochs < 1) {
      throw new RnnException("epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new RnnException("the batch size must be at least 1, got " + batchSize);
    }
    if (clipValue < 0 || clipNorm < 0 || !Double.isFinite(clipValue) || !Double.isFinite(clipNorm)) {
      throw new RnnException("gradient clipping thresholds must be >= 0 (0 = off)");
    }
    if (bpttSteps < 0) {
      throw new RnnException("the BPTT truncation must be >= 0 (0 = full BPTT), got " + bpttSteps);
    }
    if (patience < 0) {
      throw new RnnException("the early-stopping patience must be >= 0 (0 = off), got " + patience);
    }
  }

  /** Plain training: no clipping, full BPTT, no early stopping. */
  public static TrainingConfig of(int epochs, int batchSize, long seed) {
    return new TrainingConfig(epochs, batchSize, seed, 0, 0, 0, 0);
  }
}

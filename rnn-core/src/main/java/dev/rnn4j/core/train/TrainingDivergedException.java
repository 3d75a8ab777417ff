package dev.rnn4j.core.train;

import dev.rnn4j.api.RnnException;

/**
 * Training stopped because the loss became NaN or infinite, or stayed far above that of a
 * uniform guess for {@link Trainer#DIVERGED_UPDATES} updates. The weights in memory are no longer
 * good; {@link #lastGoodUpdate()} says which update the last checkpoint holds.
 */
public final class TrainingDivergedException extends RnnException {
  private static final long serialVersionUID = 1L;
  private final long lastGoodUpdate;

  /**
   * @param message what happened and what to do
   * @param lastGoodUpdate the update count of the last checkpoint written, or -1 without one
   */
  public TrainingDivergedException(String message, long lastGoodUpdate) {
    super(message);
    this.lastGoodUpdate = lastGoodUpdate;
  }

  /** @return the update count held by the last checkpoint, or -1 when none was written */
  public long lastGoodUpdate() {
    return lastGoodUpdate;
  }
}

package dev.rnn4j.core.train;

/**
 * Receives progress while a {@link Trainer} runs, on the training thread. Methods must return
 * quickly; the defaults do nothing.
 */
public interface TrainingListener {
  /**
   * After each update.
   *
   * @param epoch 1-based epoch
   * @param step 1-based update number within the epoch
   * @param stepsPerEpoch updates in one epoch
   * @param loss summed loss of the batch
   * @param tokens predicted tokens in the batch
   */
  default void onStep(int epoch, int step, int stepsPerEpoch, double loss, int tokens) {}

  /** After each epoch. */
  default void onEpoch(EpochStats stats) {}
}

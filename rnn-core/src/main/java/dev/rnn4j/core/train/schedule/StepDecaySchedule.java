package dev.rnn4j.core.train.schedule;

import dev.rnn4j.api.RnnException;

/**
 * {@code step:every=N,gamma=G}: after every {@code N}-th epoch (epochs N, 2N, ...) the rate is
 * multiplied by {@code G}, so epoch {@code e} runs at {@code initial * G^floor((e-1)/N)} — PyTorch's
 * {@code StepLR(step_size=N, gamma=G)} stepped once per epoch. Ignores the validation loss.
 * Stateless (the epoch number carries the position) and immutable.
 */
public final class StepDecaySchedule implements LearningRateSchedule {
  /** The name in specs. */
  public static final String NAME = "step";

  private final int every;
  private final double gamma;

  /**
   * @param every epochs between two decays, at least 1
   * @param gamma the factor applied at each decay, in (0, 1]
   * @throws RnnException for values outside those ranges
   */
  public StepDecaySchedule(int every, double gamma) {
    if (every < 1) {
      throw new RnnException("schedule 'step': 'every' (epochs between decays) must be at least 1, got " + every);
    }
    if (!(gamma > 0 && gamma <= 1)) {
      throw new RnnException("schedule 'step': 'gamma' (the factor at each decay) must be in (0, 1], got " + gamma);
    }
    this.every = every;
    this.gamma = gamma;
  }

  @Override
  public double next(int epoch, double currentRate, double validationLoss) {
    return epoch % every == 0 ? currentRate * gamma : currentRate;
  }

  @Override
  public String spec() {
    return NAME + ":every=" + every + ",gamma=" + gamma;
  }

  @Override
  public String toString() {
    return spec();
  }
}

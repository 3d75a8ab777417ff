package dev.rnn4j.core.train.schedule;

/** {@code constant}: the learning rate never changes. Stateless and immutable. */
public final class ConstantSchedule implements LearningRateSchedule {
  /** The name in specs. */
  public static final String NAME = "constant";

  @Override
  public double next(int epoch, double currentRate, double validationLoss) {
    return currentRate;
  }

  @Override
  public String spec() {
    return NAME;
  }

  @Override
  public String toString() {
    return spec();
  }
}

package dev.rnn4j.examples.cli;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.train.Trainer;

/** Parses the {@code schedule} setting into a learning-rate schedule. */
final class Schedules {
  private Schedules() {}

  static Trainer.LearningRateSchedule parse(String spec) {
    if (spec == null || spec.equals("constant")) {
      return Trainer.LearningRateSchedule.constant();
    }
    throw new RnnException("unknown schedule '" + spec + "'; allowed: constant");
  }
}

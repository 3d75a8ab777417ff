package dev.rnn4j.core.train.schedule;

import dev.rnn4j.api.RnnException;
import java.util.Map;

/**
 * Decides the learning rate of the next epoch. A training loop calls {@link #next} once at the end
 * of every epoch, in order, and hands the result to {@link
 * dev.rnn4j.api.optim.Optimizer#setLearningRate}.
 *
 * <p>Stateful schedules (the plateau detector remembers the best loss) expose their state for
 * checkpoints with {@link #state()} and take it back with {@link #restoreState}; a resumed run
 * restores the state before its first call to {@link #next}. {@link #spec()} is the text {@link
 * Schedules#parse} turns back into an equal schedule, for model files and logs. Implementations
 * are not thread-safe.
 */
public interface LearningRateSchedule {
  /**
   * @param epoch the epoch that just ended, counting from 1
   * @param currentRate the learning rate used in that epoch, positive
   * @param validationLoss the loss on held-out data after that epoch (any unit, lower is better),
   *     or {@code Double.NaN} when there is no validation data
   * @return the learning rate of the next epoch, positive
   */
  double next(int epoch, double currentRate, double validationLoss);

  /** @return the canonical text of this schedule with every setting, e.g. {@code step:every=5,gamma=0.5} */
  String spec();

  /** @return the state to checkpoint, keyed by stable names; empty for stateless schedules */
  default Map<String, String> state() {
    return Map.of();
  }

  /**
   * Restores a state returned by {@link #state()} of a schedule with the same spec.
   *
   * @throws RnnException if the state does not belong to this kind of schedule
   */
  default void restoreState(Map<String, String> state) {
    if (!state.isEmpty()) {
      throw new RnnException("the schedule '" + spec() + "' keeps no state, but the checkpoint has "
          + state.keySet());
    }
  }
}

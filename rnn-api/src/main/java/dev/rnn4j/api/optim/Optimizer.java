package dev.rnn4j.api.optim;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. Stateful (moments, step count): one instance serves one
 * model, always with the same parameter list in the same order. Not thread-safe.
 */
public interface Optimizer {
  /**
   * Applies one update to every parameter's value from its {@link Parameter#grad()}. Gradients
   * are read, not modified.
   */
  void step(List<Parameter> parameters);

  /** @return the learning rate the next {@link #step} uses */
  double learningRate();

  /** Sets the learning rate of the next steps (schedules call this). */
  void setLearningRate(double learningRate);

  /**
   * @return the optimizer's state for checkpoints, keyed by names stable across runs (copies)
   */
  Map<String, Tensor> state();

  /** Restores a state returned by {@link #state()} of an optimizer with the same settings. */
  void restoreState(Map<String, Tensor> state);
}

package dev.rnn4j.api.optim;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.plugin.PluginProvider;
import java.util.Set;

/**
 * Creates an {@link Optimizer}. Registered in {@code
 * META-INF/services/dev.rnn4j.api.optim.OptimizerProvider}.
 */
public interface OptimizerProvider extends PluginProvider {
  /** @return the option keys {@link #create} accepts (besides the learning rate) */
  default Set<String> optionKeys() {
    return Set.of();
  }

  /**
   * @param learningRate a positive, finite step size
   * @param options optimizer-specific settings; unknown keys are an error
   */
  Optimizer create(TensorOps ops, double learningRate, Options options);
}

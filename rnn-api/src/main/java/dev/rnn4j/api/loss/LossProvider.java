package dev.rnn4j.api.loss;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.plugin.PluginProvider;

/** Creates a {@link Loss}. Registered in {@code META-INF/services/dev.rnn4j.api.loss.LossProvider}. */
public interface LossProvider extends PluginProvider {
  /** @return a loss computing with {@code ops}; unknown option keys are an error */
  Loss create(TensorOps ops, Options options);
}

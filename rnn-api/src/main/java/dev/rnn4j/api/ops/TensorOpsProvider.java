package dev.rnn4j.api.ops;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.plugin.PluginProvider;

/**
 * Creates a {@link TensorOps} backend. Registered in {@code
 * META-INF/services/dev.rnn4j.api.ops.TensorOpsProvider}.
 *
 * <p>Options every backend understands: {@code threads} (1 = never start extra threads; default
 * the number of available processors).
 */
public interface TensorOpsProvider extends PluginProvider {
  /** The option key for the number of threads a backend may use. */
  String THREADS = "threads";

  /**
   * @param options backend settings; unknown keys are an error
   * @return a new backend; only called when {@link #isAvailable()} is true
   */
  TensorOps create(Options options);
}

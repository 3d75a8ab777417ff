package dev.rnn4j.api.cell;

import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.plugin.PluginProvider;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Creates recurrent {@link Cell}s. Registered in {@code
 * META-INF/services/dev.rnn4j.api.cell.CellProvider}; a user's own cell is a provider plus a
 * {@code Cell} in any jar on the class path.
 */
public interface CellProvider extends PluginProvider {
  /** @return the option keys {@link #create} accepts */
  default Set<String> optionKeys() {
    return Set.of();
  }

  /**
   * @param spec sizes, dtype, options
   * @param ops the backend every kernel call goes through
   * @param random source of the initial weights (the only randomness a cell may use)
   * @return a new cell with freshly initialised parameters
   */
  Cell create(CellSpec spec, TensorOps ops, RandomGenerator random);
}

package dev.rnn4j.ops.ejml;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.ops.TensorOpsProvider;
import java.util.Set;

/**
 * Provider of the {@code ejml} backend (priority 10): matrix products on EJML 0.46, available on
 * every JVM. Options: {@code threads} (default: available processors; 1 = single-threaded; more
 * lets large products use EJML's concurrent operations). Stateless and thread-safe; the
 * constructor does no work.
 */
public final class EjmlTensorOpsProvider implements TensorOpsProvider {
  /** The backend name users write in configuration. */
  public static final String NAME = "ejml";

  /** Creates the provider; does no work. */
  public EjmlTensorOpsProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public String description() {
    return "EJML (pure Java) dense matrix products";
  }

  /** @throws RnnException for an unknown option or a thread count below 1 */
  @Override
  public TensorOps create(Options options) {
    options.requireKnownKeys(Set.of(THREADS), "backend '" + NAME + "'");
    int threads = options.getInt(THREADS, Runtime.getRuntime().availableProcessors());
    if (threads < 1) {
      throw new RnnException("setting 'threads' of backend '" + NAME + "' must be at least 1, got "
          + threads);
    }
    return new EjmlTensorOps(threads);
  }
}

package dev.rnn4j.ops.scalar;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.ops.TensorOpsProvider;
import java.util.Set;

/**
 * The scalar reference backend {@code scalar}: plain-Java loops (the default methods of {@link
 * DoubleKernels} and {@link FloatKernels}), single-threaded, always available, priority 0. It is the
 * oracle every other backend is compared with, and the fallback when nothing else is available.
 */
public final class ScalarTensorOpsProvider implements TensorOpsProvider {
  /** The provider name. */
  public static final String NAME = "scalar";

  /** @return a new scalar reference backend (no options needed) */
  public static TensorOps reference() {
    return new ArrayTensorOps(NAME, new FloatKernels() {}, new DoubleKernels() {});
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public String description() {
    return "plain-Java reference kernels (float32, float64), one thread";
  }

  @Override
  public TensorOps create(Options options) {
    options.requireKnownKeys(Set.of(THREADS), "backend 'scalar'");
    return reference();
  }
}

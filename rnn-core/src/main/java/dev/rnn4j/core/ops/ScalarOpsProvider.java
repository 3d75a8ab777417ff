package dev.rnn4j.core.ops;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.ops.ArrayTensorOps;
import dev.rnn4j.api.ops.F32Kernels;
import dev.rnn4j.api.ops.F64Kernels;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.ops.TensorOpsProvider;
import java.util.Set;

/**
 * The scalar reference backend {@code scalar}: plain-Java loops (the default methods of {@link
 * F64Kernels} and {@link F32Kernels}), single-threaded, always available, priority 0. It is the
 * oracle every other backend is compared with, and the fallback when nothing else is available.
 */
public final class ScalarOpsProvider implements TensorOpsProvider {
  /** The provider name. */
  public static final String NAME = "scalar";

  /** @return a new scalar reference backend (no options needed) */
  public static TensorOps reference() {
    return new ArrayTensorOps(NAME, new F32Kernels() {}, new F64Kernels() {});
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

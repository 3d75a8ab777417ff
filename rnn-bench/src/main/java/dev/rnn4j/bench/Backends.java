package dev.rnn4j.bench;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.ArrayTensorOps;
import dev.rnn4j.api.ops.F32Kernels;
import dev.rnn4j.api.ops.F64Kernels;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.ops.TensorOpsProvider;
import java.util.Random;
import java.util.ServiceLoader;

/** Creates the backend a benchmark names, and seeded random tensors. */
final class Backends {
  private Backends() {}

  /**
   * @param name {@code reference} (the plain-Java default kernels) or a provider name
   * @param threads the {@code threads} option of the backend
   * @throws IllegalStateException if the provider is missing or unavailable (for {@code simd}:
   *     the fork was started without {@code --add-modules jdk.incubator.vector})
   */
  static TensorOps create(String name, int threads) {
    if (name.equals("reference")) {
      return new ArrayTensorOps("reference", new F32Kernels() {}, new F64Kernels() {});
    }
    for (TensorOpsProvider p : ServiceLoader.load(TensorOpsProvider.class)) {
      if (p.name().equals(name)) {
        if (!p.isAvailable()) {
          throw new IllegalStateException(p.unavailableReason());
        }
        return p.create(Options.of(TensorOpsProvider.THREADS, Integer.toString(threads)));
      }
    }
    throw new IllegalStateException("no backend named " + name);
  }

  static Tensor random(String dtype, long seed, int size) {
    Random rnd = new Random(seed);
    Tensor t = Tensor.zeros(DType.parse(dtype), size);
    for (int i = 0; i < size; i++) {
      t.set(i, rnd.nextDouble() * 2 - 1);
    }
    return t;
  }
}

package dev.rnn4j.bench;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.ops.TensorOpsProvider;
import java.util.Random;
import java.util.ServiceLoader;

/** Creates the backend a benchmark names, and seeded random tensors. */
final class Backends {
  private Backends() {}

  /**
   * @param name a backend's provider name ({@code scalar}, the reference; {@code ejml}; {@code simd})
   * @param threads the {@code threads} option of the backend
   * @throws IllegalStateException if the provider is missing or unavailable (for {@code simd}:
   *     the fork was started without {@code --add-modules jdk.incubator.vector})
   */
  static TensorOps create(String name, int threads) {
    return create(name, Options.of(TensorOpsProvider.THREADS, Integer.toString(threads)));
  }

  /**
   * @param options the backend's options ({@code threads}, and its own, such as simd's {@code
   *     argmax-screen})
   * @throws IllegalStateException as {@link #create(String, int)}
   */
  static TensorOps create(String name, Options options) {
    for (TensorOpsProvider p : ServiceLoader.load(TensorOpsProvider.class)) {
      if (p.name().equals(name)) {
        if (!p.isAvailable()) {
          throw new IllegalStateException(p.unavailableReason());
        }
        return p.create(options);
      }
    }
    throw new IllegalStateException("no backend named " + name);
  }

  /**
   * @return the backend as the optional capability a benchmark measures
   * @throws IllegalStateException if the backend does not offer it
   */
  static <C> C capability(TensorOps ops, Class<C> type) {
    return ops.capability(type).orElseThrow(() -> new IllegalStateException(
        "backend " + ops.name() + " does not offer " + type.getSimpleName()));
  }

  static Tensor random(String dtype, long seed, int size) {
    Random rnd = new Random(seed);
    Tensor t = Tensor.zeros(DType.parse(dtype), size);
    for (int i = 0; i < size; i++) {
      t.set(i, rnd.nextDouble() * 2 - 1);
    }
    return t;
  }

  /**
   * @return {@code count} float32 vectors of {@code n} elements, each tanh of a Gaussian drawn
   *     from {@code random}: values as an RNN's hidden states take them
   */
  static Tensor[] tanhStates(Random random, int count, int n) {
    Tensor[] states = new Tensor[count];
    for (int k = 0; k < count; k++) {
      states[k] = Tensor.zeros(DType.F32, n);
      for (int j = 0; j < n; j++) {
        states[k].set(j, Math.tanh(random.nextGaussian()));
      }
    }
    return states;
  }
}

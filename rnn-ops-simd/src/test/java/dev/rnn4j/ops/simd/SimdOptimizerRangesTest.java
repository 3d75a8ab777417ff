package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The optimizers step a large parameter in ranges on the simd backend's two threads ({@code
 * ParallelRanges}): the same bits as one pass on the scalar reference backend, for every
 * optimizer with state and both dtypes.
 */
class SimdOptimizerRangesTest {
  private static final TensorOps TWO_THREADS =
      new SimdTensorOpsProvider().create(Options.of("threads", "2"));
  private static final TensorOps ONE_PASS = ScalarTensorOpsProvider.reference();

  @Test
  void largeParametersSteppedInRangesGiveTheBitsOfOnePass() {
    String[][] optimizers = {{"adam", "weight-decay", "0.01"}, {"rmsprop"}, {"adagrad"},
      {"sgd", "momentum", "0.9", "nesterov", "true"}};
    for (DType dtype : DType.values()) {
      for (String[] o : optimizers) {
        Options options = o.length == 1 ? Options.empty()
            : Options.of(java.util.Arrays.copyOfRange(o, 1, o.length));
        Parameter split = parameter(dtype, 200_003);
        Parameter whole = parameter(dtype, 200_003);
        Optimizer a = optimizer(TWO_THREADS, o[0], options);
        Optimizer b = optimizer(ONE_PASS, o[0], options);
        SplittableRandom rnd = new SplittableRandom(7);
        for (int step = 0; step < 4; step++) {
          for (int i = 0; i < split.value().size(); i++) {
            double g = rnd.nextDouble() - 0.5;
            split.grad().set(i, g);
            whole.grad().set(i, g);
          }
          a.step(List.of(split));
          b.step(List.of(whole));
        }
        assertArrayEquals(bits(whole.value()), bits(split.value()), o[0] + " " + dtype);
      }
    }
  }

  private static Optimizer optimizer(TensorOps ops, String name, Options options) {
    Plugins plugins = Plugins.defaults();
    return plugins.select(plugins.optimizers(), name).create(ops, 1e-2, options);
  }

  private static Parameter parameter(DType dtype, int size) {
    Tensor w = Tensor.zeros(dtype, size);
    SplittableRandom rnd = new SplittableRandom(1);
    for (int i = 0; i < size; i++) {
      w.set(i, rnd.nextDouble() - 0.5);
    }
    return new Parameter("w", w);
  }

  private static long[] bits(Tensor t) {
    long[] out = new long[t.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = t.dtype() == DType.F32 ? Float.floatToRawIntBits((float) t.get(i))
          : Double.doubleToRawLongBits(t.get(i));
    }
    return out;
  }
}

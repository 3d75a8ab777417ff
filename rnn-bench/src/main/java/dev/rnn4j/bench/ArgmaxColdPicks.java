package dev.rnn4j.bench;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.ArgmaxProducts;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.TensorOpsProvider;
import java.util.Locale;
import java.util.Random;

/**
 * The wall time of a number of greedy picks ({@link ArgmaxProducts#argmax}) from a cold JVM, as a
 * generation of that many tokens spends them in its output layer, under one {@code argmax-screen}
 * policy of the {@code simd} backend ({@code background}, the default; {@code at-once}; {@code
 * off}). V is {@code rows x cols} float32 uniform in +-1/sqrt(cols), as initialised; the inputs
 * cycle through 64 vectors of tanh of Gaussians, as hidden states are. The printed checksum (the
 * sum of the picks) is the same under every policy. Not JMH, which warms up; run by hand, one JVM
 * per run:
 *
 * <pre>
 * java -XX:ObjectAlignmentInBytes=64 --add-modules jdk.incubator.vector \
 *     -cp rnn-bench/target/benchmarks.jar dev.rnn4j.bench.ArgmaxColdPicks background 10000 256 10000
 * </pre>
 */
public final class ArgmaxColdPicks {
  private ArgmaxColdPicks() {}

  /** @param args policy, rows, cols, picks */
  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: ArgmaxColdPicks background|at-once|off ROWS COLS PICKS");
      System.exit(1);
    }
    String policy = args[0];
    int rows = Integer.parseInt(args[1]);
    int cols = Integer.parseInt(args[2]);
    int picks = Integer.parseInt(args[3]);
    ArgmaxProducts argmax = Backends.capability(Backends.create("simd",
        Options.of(TensorOpsProvider.THREADS, "1", "argmax-screen", policy)), ArgmaxProducts.class);
    Random random = new Random(1);
    Tensor weights = Tensor.zeros(DType.F32, rows * cols);
    for (int i = 0; i < weights.size(); i++) {
      weights.set(i, (random.nextDouble() * 2 - 1) / Math.sqrt(cols));
    }
    PackedMatrix v = argmax.packForArgmax(weights, 0, cols, rows, cols);
    Tensor bias = Tensor.zeros(DType.F32, rows);
    Tensor logits = Tensor.zeros(DType.F32, rows);
    Tensor[] states = Backends.tanhStates(random, 64, cols);
    int[] noneExcluded = new int[0];
    long start = System.nanoTime();
    long checksum = 0;
    for (int k = 0; k < picks; k++) {
      checksum += argmax.argmax(v, states[k & 63], 0, bias, 0, noneExcluded, logits, 0);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "%s %dx%d: %d picks in %.2f s (checksum %d)%n", policy, rows,
        cols, picks, seconds, checksum);
  }
}

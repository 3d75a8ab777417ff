package dev.rnn4j.bench;

import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.ArgmaxProducts;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.TensorOps;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The greedy pick of generation's output layer, float32, on the {@code simd} backend: {@code
 * plain} is the packed product {@code V s}, the bias and the argmax over all rows; {@code
 * screened} is {@link ArgmaxProducts#argmax} (a bfloat16 copy of V, then the rows that can win
 * recomputed exactly), which returns the same index. V is b's 8000 x 100 or c's 10000 x 256, as
 * initialised (uniform in +-1/sqrt(n)); s cycles through 64 vectors of tanh of Gaussians, as
 * hidden states are. Run: {@code java -jar rnn-bench/target/benchmarks.jar ArgmaxBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ArgmaxBenchmark {
  @Param({"8000x100", "10000x256"})
  public String shape;

  @Param({"plain", "screened"})
  public String path;

  @Param({"1", "2"})
  public int threads;

  private TensorOps ops;
  private ArgmaxProducts argmax;
  private PackedMatrix v;
  private Tensor bias;
  private Tensor[] states;
  private Tensor logits;
  private int m;
  private int next;

  @Setup
  public void setUp() {
    m = Integer.parseInt(shape.substring(0, shape.indexOf('x')));
    int n = Integer.parseInt(shape.substring(shape.indexOf('x') + 1));
    ops = Backends.create("simd", threads);
    argmax = ops.capability(ArgmaxProducts.class).orElseThrow();
    Tensor weights = Backends.random("f32", 1, m * n);
    ops.scale(m * n, 1 / Math.sqrt(n), weights, 0);
    v = path.equals("screened") ? argmax.packForArgmax(weights, 0, n, m, n)
        : argmax.pack(false, weights, 0, n, m, n, null);
    bias = Tensor.zeros(weights.dtype(), m);
    logits = Tensor.zeros(weights.dtype(), m);
    states = Backends.tanhStates(new java.util.Random(2), 64, n);
  }

  @Benchmark
  public int pick() {
    Tensor s = states[next++ & 63];
    if (path.equals("screened")) {
      return argmax.argmax(v, s, 0, bias, 0, new int[0], logits, 0);
    }
    argmax.gemv(v, 1, s, 0, 0, logits, 0);
    ops.addRowVector(1, m, bias, 0, logits, 0);
    return ops.argmax(m, logits, 0);
  }
}

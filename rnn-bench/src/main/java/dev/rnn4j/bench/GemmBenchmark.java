package dev.rnn4j.bench;

import dev.rnn4j.api.Tensor;
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
 * Square {@code C = A B} (no transposes, beta 0): GFLOP/s = 2 size^3 / (seconds per op) / 1e9.
 * Every fork has the Vector API module, so the {@code simd} backend can load.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {
  @Param({"scalar", "ejml", "simd"})
  public String backend;

  @Param({"f32", "f64"})
  public String dtype;

  @Param({"256", "1024"})
  public int size;

  @Param({"1"})
  public int threads;

  private TensorOps ops;
  private Tensor a;
  private Tensor b;
  private Tensor c;

  @Setup
  public void setUp() {
    ops = Backends.create(backend, threads);
    a = Backends.random(dtype, 1, size * size);
    b = Backends.random(dtype, 2, size * size);
    c = Backends.random(dtype, 3, size * size);
  }

  @Benchmark
  public Tensor gemm() {
    ops.gemm(false, false, size, size, size, 1, a, 0, size, b, 0, size, 0, c, 0, size);
    return c;
  }
}

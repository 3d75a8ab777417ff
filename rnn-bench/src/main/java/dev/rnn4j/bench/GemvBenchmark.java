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
 * The output layer of generation, {@code o = V s} with V 8000 x 100, and its transpose {@code
 * V^T d}: GFLOP/s = 2 * 8000 * 100 / (seconds per op) / 1e9.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemvBenchmark {
  private static final int ROWS = 8000;
  private static final int COLS = 100;

  @Param({"scalar", "ejml", "simd"})
  public String backend;

  @Param({"f32", "f64"})
  public String dtype;

  @Param({"false", "true"})
  public boolean transposed;

  private TensorOps ops;
  private Tensor a;
  private Tensor x;
  private Tensor y;

  @Setup
  public void setUp() {
    ops = Backends.create(backend, 1);
    a = Backends.random(dtype, 1, ROWS * COLS);
    x = Backends.random(dtype, 2, ROWS);
    y = Backends.random(dtype, 3, ROWS);
  }

  @Benchmark
  public Tensor gemv() {
    ops.gemv(transposed, ROWS, COLS, 1, a, 0, COLS, x, 0, 0, y, 0);
    return y;
  }
}

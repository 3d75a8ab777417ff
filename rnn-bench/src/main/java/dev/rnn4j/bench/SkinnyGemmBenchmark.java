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
 * The products the RNN runs, float32, as {@code m x n x k} with the layout of the model:
 * {@code O = S V^T} (transB: 20x8000x100, 35x10000x256), {@code dS = dO V} (35x256x10000), and
 * one recurrence step {@code s W^T} (1x100x100). GFLOP/s = 2 m n k / (seconds per op) / 1e9.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SkinnyGemmBenchmark {
  @Param({"scalar", "ejml", "simd"})
  public String backend;

  /** {@code m x n x k}, then {@code T} when op(B) is B transposed. */
  @Param({"1x100x100T", "20x8000x100T", "35x10000x256T", "35x256x10000"})
  public String shape;

  @Param({"1"})
  public int threads;

  private TensorOps ops;
  private Tensor a;
  private Tensor b;
  private Tensor c;
  private int m;
  private int n;
  private int k;
  private boolean transB;

  @Setup
  public void setUp() {
    transB = shape.endsWith("T");
    String[] d = shape.replace("T", "").split("x");
    m = Integer.parseInt(d[0]);
    n = Integer.parseInt(d[1]);
    k = Integer.parseInt(d[2]);
    ops = Backends.create(backend, threads);
    a = Backends.random("f32", 1, m * k);
    b = Backends.random("f32", 2, k * n);
    c = Backends.random("f32", 3, m * n);
  }

  @Benchmark
  public Tensor gemm() {
    ops.gemm(false, transB, m, n, k, 1, a, 0, k, b, 0, transB ? k : n, 0, c, 0, n);
    return c;
  }
}

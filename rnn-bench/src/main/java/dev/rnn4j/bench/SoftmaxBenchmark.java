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
 * Fused softmax + cross-entropy with the gradient written in place, over {@code rows} rows of
 * 10000 classes. The logits are restored from a pristine copy in each call (an arraycopy, a few
 * percent of the time), since the kernel overwrites them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SoftmaxBenchmark {
  private static final int COLS = 10000;

  @Param({"scalar", "ejml", "simd"})
  public String backend;

  @Param({"f32", "f64"})
  public String dtype;

  @Param({"1", "20"})
  public int rows;

  private TensorOps ops;
  private Tensor pristine;
  private Tensor logits;
  private int[] targets;

  @Setup
  public void setUp() {
    ops = Backends.create(backend, 1);
    pristine = Backends.random(dtype, 1, rows * COLS);
    ops.scale(rows * COLS, 8, pristine, 0);
    logits = pristine.copy();
    targets = new int[rows];
    for (int r = 0; r < rows; r++) {
      targets[r] = (r * 7919) % COLS;
    }
  }

  @Benchmark
  public double softmaxCrossEntropy() {
    logits.copyFrom(pristine);
    return ops.softmaxCrossEntropy(rows, COLS, logits, 0, targets, 0, null, true);
  }
}

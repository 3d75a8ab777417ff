package dev.rnn4j.bench;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
public class PeakCall {
  public static Runnable make(int threads, int n) {
    TensorOps ops = Backends.create("simd", threads);
    Tensor a = Backends.random("f32", 1, n * n), b = Backends.random("f32", 2, n * n), c = Backends.random("f32", 3, n * n);
    return () -> ops.gemm(false, false, n, n, n, 1, a, 0, n, b, 0, n, 0, c, 0, n);
  }
}

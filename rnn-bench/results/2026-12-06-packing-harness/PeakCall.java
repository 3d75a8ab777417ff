package dev.rnn4j.bench;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
public class PeakCall {
  public static Runnable make(int threads, int n0) {
    TensorOps ops = Backends.create("simd", threads);
    String shape = System.getProperty("shape", "NN:" + n0 + "," + n0 + "," + n0);
    if (shape.startsWith("step:")) {
      String[] d = shape.substring(5).split(",");
      int m = Integer.parseInt(d[0]), n = Integer.parseInt(d[1]), in = Integer.parseInt(d[2]);
      Tensor dy = Backends.random("f32", 1, m * n), x = Backends.random("f32", 2, m * in), w = Backends.random("f32", 3, n * in), dx = Backends.random("f32", 4, m * in);
      dev.rnn4j.api.ops.FusedLinearStep fused = Backends.capability(ops, dev.rnn4j.api.ops.FusedLinearStep.class);
      Runnable r = () -> fused.linearBackwardStep(m, n, in, dy, 0, x, 0, -1e-7, w, 0, 0, dx, 0);
      r.run();
      return r;
    }
    boolean ta = shape.charAt(0) == 'T', tb = shape.charAt(1) == 'T';
    String[] d = shape.substring(3).split(",");
    int m = Integer.parseInt(d[0]), n = Integer.parseInt(d[1]), k = Integer.parseInt(d[2]);
    Tensor a = Backends.random("f32", 1, m * k), b = Backends.random("f32", 2, k * n), c = Backends.random("f32", 3, m * n);
    int lda = ta ? m : k, ldb = tb ? k : n;
    Runnable r = () -> ops.gemm(ta, tb, m, n, k, 1, a, 0, lda, b, 0, ldb, 1, c, 0, n);
    r.run();
    return r;
  }
}

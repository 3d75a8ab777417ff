package dev.rnn4j.bench;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.BatchedPackedProducts;
import dev.rnn4j.api.ops.FusedLinearStep;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.PackedProducts;
import dev.rnn4j.api.ops.TensorOps;
import java.util.Locale;

/**
 * GFLOP/s of the products the RNN runs (and sgemm 1024²), float32, timed by {@link BenchClock}
 * (CPU time on one thread, the wall clock on more); prints which clock it used. Not JMH; run by hand, with the backend, the threads and the seconds per
 * shape (0.6 of them warming up, then the best of three windows):
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp rnn-bench/target/benchmarks.jar \
 *     dev.rnn4j.bench.KernelTimes simd 1 0.5 [shape ...]
 * </pre>
 *
 * A shape is {@code NT:m,n,k} (gemm with op codes for A and B), {@code gemv:rows,cols},
 * {@code gemvT:rows,cols}, {@code pgemv:rows,cols} (on the packed matrix), {@code
 * pgemvb:count,rows,cols} (count vectors at once on the packed matrix), {@code pack:rows,cols}
 * or {@code packT:rows,cols} (the packing; its "GFLOP/s" column is elements per ns), {@code
 * softmax:rows,cols}, or {@code step:rows,out,in} (the fused backward and SGD step of an output
 * layer, {@code FusedLinearStep.linearBackwardStep}: b's is {@code step:20,8000,100}).
 *
 * <p>{@code -Dstart=N} starts the operands of the gemm and step shapes at element N of their
 * arrays ({@code Tensor.start()}): with {@code -XX:ObjectAlignmentInBytes=64}, 12 puts a float32
 * operand on a cache line, as a model's V is ({@code Tensor.zerosAligned}), and 0 leaves it 16
 * bytes past one.
 */
public final class KernelTimes {
  private static final int START = Integer.getInteger("start", 0);

  private static final String[] DEFAULT = {
    "NT:25,65,128", "NT:100,65,512", "NT:20,8000,100", "NT:35,10000,256",
    "NN:25,128,65", "NN:100,512,65", "NN:20,100,8000", "NN:35,256,10000",
    "TN:65,128,25", "TN:65,512,100", "TN:8000,100,20", "TN:10000,256,35",
    "TN:128,128,24", "TN:512,512,99", "TN:100,100,19", "TN:256,256,34",
    "gemv:128,128", "gemvT:128,128", "gemv:512,512", "gemvT:512,512",
    "gemv:100,100", "gemvT:100,100", "gemv:256,256", "gemvT:256,256",
    "gemv:8000,100", "gemv:10000,256", "gemv:65,512",
    "NN:256,256,256", "NN:1024,1024,1024",
  };

  private KernelTimes() {}

  /** A random float32 operand of {@code size} elements starting at {@link #START}. */
  private static Tensor operand(long seed, int size) {
    Tensor t = Tensor.zerosWithStart(DType.F32, START, size);
    t.copyFrom(Backends.random("f32", seed, size));
    return t;
  }

  public static void main(String[] args) {
    String backend = args.length > 0 ? args[0] : "simd";
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 0.5;
    String[] shapes = args.length > 3 ? java.util.Arrays.copyOfRange(args, 3, args.length) : DEFAULT;
    BenchClock clock = BenchClock.forThreads(threads);
    TensorOps ops = Backends.create(backend, threads);
    System.out.printf(Locale.ROOT, "%s, %d thread(s), timed by %s%n", backend, threads,
        clock.description());
    for (String shape : shapes) {
      String[] kv = shape.split(":");
      String[] d = kv[1].split(",");
      int m = Integer.parseInt(d[0]);
      int n = Integer.parseInt(d[1]);
      Runnable call;
      double flops;
      if (kv[0].equals("softmax")) {
        Tensor x = Backends.random("f32", 1, m * n);
        float[] xs = x.f32();
        float[] copy = xs.clone();
        int[] targets = new int[m];
        call = () -> {
          System.arraycopy(copy, 0, xs, 0, xs.length);
          ops.softmaxCrossEntropy(m, n, x, 0, targets, 0, null, true);
        };
        flops = (double) m * n;
      } else if (kv[0].equals("pgemv") || kv[0].equals("pack") || kv[0].equals("packT")) {
        // pgemv: y = A x on A packed (as the recurrence and generation run it); pack / packT:
        // the packing itself (of A, a transposition into panels, or of A^T, row copies)
        boolean packOnly = !kv[0].equals("pgemv");
        boolean t = kv[0].equals("packT");
        Tensor a = Backends.random("f32", 1, m * n);
        Tensor x = Backends.random("f32", 2, Math.max(m, n));
        Tensor y = Backends.random("f32", 3, Math.max(m, n));
        PackedProducts p = Backends.capability(ops, PackedProducts.class);
        PackedMatrix[] packed = {t ? p.pack(true, a, 0, n, n, m, null) : p.pack(false, a, 0, n, m, n, null)};
        call = packOnly
            ? () -> packed[0] = t ? p.pack(true, a, 0, n, n, m, packed[0]) : p.pack(false, a, 0, n, m, n, packed[0])
            : () -> p.gemv(packed[0], 1, x, 0, 1, y, 0);
        flops = packOnly ? (double) m * n : 2.0 * m * n;
      } else if (kv[0].equals("pgemvb")) {
        // pgemvb:count,rows,cols: Y = X A^T for count vectors on A (rows x cols) packed, as the
        // recurrence runs a batch (PackedProducts.gemvBatch); compare NT:count,rows,cols
        int cols = Integer.parseInt(d[2]);
        Tensor a = Backends.random("f32", 1, n * cols);
        Tensor x = Backends.random("f32", 2, m * cols);
        Tensor y = Backends.random("f32", 3, m * n);
        BatchedPackedProducts p = Backends.capability(ops, BatchedPackedProducts.class);
        PackedMatrix packed = p.pack(false, a, 0, cols, n, cols, null);
        call = () -> p.gemvBatch(packed, m, 1, x, 0, cols, 1, y, 0, n);
        flops = 2.0 * m * n * cols;
      } else if (kv[0].equals("step")) {
        // step:rows,out,in: the output layer's backward fused with plain SGD
        // (linearBackwardStep), dS = dO V and V += step dO^T S, on a V that keeps changing
        int in = Integer.parseInt(d[2]);
        Tensor dy = operand(1, m * n);
        Tensor x = operand(2, m * in);
        Tensor w = operand(3, n * in);
        Tensor dx = operand(4, m * in);
        FusedLinearStep fused = Backends.capability(ops, FusedLinearStep.class);
        call = () -> fused.linearBackwardStep(m, n, in, dy, 0, x, 0, -1e-7, w, 0, 0, dx, 0);
        flops = 4.0 * m * n * in;
      } else if (kv[0].startsWith("gemv")) {
        boolean t = kv[0].equals("gemvT");
        Tensor a = Backends.random("f32", 1, m * n);
        Tensor x = Backends.random("f32", 2, Math.max(m, n));
        Tensor y = Backends.random("f32", 3, Math.max(m, n));
        call = () -> ops.gemv(t, m, n, 1, a, 0, n, x, 0, 1, y, 0);
        flops = 2.0 * m * n;
      } else {
        int k = Integer.parseInt(d[2]);
        boolean ta = kv[0].charAt(0) == 'T';
        boolean tb = kv[0].charAt(1) == 'T';
        Tensor a = operand(1, m * k);
        Tensor b = operand(2, k * n);
        Tensor c = operand(3, m * n);
        double beta = ta ? 1 : 0;
        call = () -> ops.gemm(ta, tb, m, n, k, 1, a, 0, ta ? m : k, b, 0, tb ? k : n, beta, c, 0, n);
        flops = 2.0 * m * n * k;
      }
      long warmEnd = System.nanoTime() + (long) (seconds * 0.6e9);
      while (System.nanoTime() < warmEnd) {
        call.run();
      }
      double best = Double.MAX_VALUE;
      for (int r = 0; r < 3; r++) {
        long wallEnd = System.nanoTime() + (long) (seconds * 1e9 / 3);
        long calls = 0;
        long t0 = clock.now();
        do {
          call.run();
          calls++;
        } while (System.nanoTime() < wallEnd);
        best = Math.min(best, (clock.now() - t0) / (double) calls);
      }
      System.out.printf(Locale.ROOT, "%-20s %10.2f us %8.1f GFLOP/s%n", shape, best / 1e3,
          flops / best);
    }
  }
}

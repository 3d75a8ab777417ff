package dev.rnn4j.bench;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.Activation;
import dev.rnn4j.api.ops.TensorOps;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Where the time of one training step (batch 1) and one generated token goes, kernel call by
 * kernel call with the Elman model's shapes, each timed separately, along the plain path: V's
 * gradient stored and stepped by a separate SGD pass, the recurrence on row-major W. The model
 * itself now fuses the first and packs the second; {@link ModelPhases} times the real model. Not a JMH benchmark; a quick profile to run by hand:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "rnn-bench/target/benchmarks.jar" \
 *     dev.rnn4j.bench.TrainingProfile simd 1 3 b c
 * </pre>
 *
 * Arguments: backend, threads, seconds per config, config prefixes (a1 a2 b c; default all).
 */
public final class TrainingProfile {
  private static final Map<String, int[]> CONFIGS = new LinkedHashMap<>();

  static {
    CONFIGS.put("a1", new int[] {65, 128, 25});
    CONFIGS.put("a2", new int[] {65, 512, 100});
    CONFIGS.put("b", new int[] {8000, 100, 20});
    CONFIGS.put("c", new int[] {10000, 256, 35});
  }

  private final Map<String, long[]> times = new LinkedHashMap<>();
  private long mark;

  /** The clock of this run ({@link BenchClock}, by the thread count). */
  private final BenchClock clock;

  private TrainingProfile(BenchClock clock) {
    this.clock = clock;
  }


  private void start() {
    mark = clock.now();
  }

  private void lap(String phase) {
    long now = clock.now();
    times.computeIfAbsent(phase, k -> new long[1])[0] += now - mark;
    mark = now;
  }

  public static void main(String[] args) {
    String backend = args.length > 0 ? args[0] : "simd";
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 3;
    String[] names = args.length > 3 ? java.util.Arrays.copyOfRange(args, 3, args.length)
        : CONFIGS.keySet().toArray(new String[0]);
    TensorOps ops = Backends.create(backend, threads);
    for (String name : names) {
      int[] c = config(name);
      new TrainingProfile(BenchClock.forThreads(threads)).run(ops, name, c[0], c[1], c[2], seconds);
    }
  }

  /** @return {vocab, hidden, steps} of the reference configuration {@code name} (a1, a2, b, c) */
  static int[] config(String name) {
    int[] c = CONFIGS.get(name);
    if (c == null) {
      throw new IllegalArgumentException("unknown configuration " + name + "; known: " + CONFIGS.keySet());
    }
    return c;
  }

  private void run(TensorOps ops, String name, int m, int n, int t, double seconds) {
    Random rnd = new Random(1);
    Tensor ut = rand(rnd, m, n);
    Tensor w = rand(rnd, n, n);
    Tensor bx = rand(rnd, n);
    Tensor v = rand(rnd, m, n);
    Tensor by = rand(rnd, m);
    Tensor dut = Tensor.zeros(DType.F32, m, n);
    Tensor dw = Tensor.zeros(DType.F32, n, n);
    Tensor dbx = Tensor.zeros(DType.F32, n);
    Tensor dv = Tensor.zeros(DType.F32, m, n);
    Tensor dby = Tensor.zeros(DType.F32, m);
    Tensor pre = Tensor.zeros(DType.F32, t, n);
    Tensor h = Tensor.zeros(DType.F32, t, n);
    Tensor logits = Tensor.zeros(DType.F32, t, m);
    Tensor dh = Tensor.zeros(DType.F32, t, n);
    int[][] pool = new int[64][t + 1];
    for (int[] seq : pool) {
      for (int i = 0; i < seq.length; i++) {
        seq[i] = rnd.nextInt(m);
      }
    }
    Tensor[] params = {ut, w, bx, v, by};
    Tensor[] grads = {dut, dw, dbx, dv, dby};
    long warmEnd = System.nanoTime() + (long) (seconds * 0.3e9);
    long end = warmEnd + (long) (seconds * 1e9);
    int seqs = 0;
    boolean warm = true;
    while (true) {
      long now = System.nanoTime();
      if (warm && now > warmEnd) {
        warm = false;
        times.clear();
        seqs = 0;
      }
      if (!warm && now > end) {
        break;
      }
      int[] seq = pool[seqs % pool.length];
      seqs++;
      start();
      for (Tensor g : grads) {
        g.zero();
      }
      lap("zeroGrad (Tensor.zero)");
      ops.gatherRows(ut, n, seq, 0, t, pre, 0);
      ops.addRowVector(t, n, bx, 0, pre, 0);
      lap("gather + bias");
      for (int s = 0; s < t; s++) {
        int off = s * n;
        if (s > 0) {
          ops.gemv(false, n, n, 1, w, 0, n, h, off - n, 1, pre, off);
        }
        ops.activate(Activation.TANH, n, pre, off, h, off);
      }
      lap("recurrence fwd: gemv " + n + "x" + n + " + tanh");
      ops.gemm(false, true, t, m, n, 1, h, 0, n, v, 0, n, 0, logits, 0, m);
      lap("O = S V^T   gemm NT " + t + "x" + m + "x" + n);
      ops.addRowVector(t, m, by, 0, logits, 0);
      lap("O += by");
      ops.softmaxCrossEntropy(t, m, logits, 0, seq, 1, null, true);
      lap("softmax CE " + t + "x" + m);
      ops.gemm(true, false, m, n, t, 1, logits, 0, m, h, 0, n, 1, dv, 0, n);
      lap("dV += dO^T S gemm TN " + m + "x" + n + "x" + t);
      ops.addColumnSums(t, m, logits, 0, dby, 0);
      lap("dby colsums");
      ops.gemm(false, false, t, n, m, 1, logits, 0, m, v, 0, n, 0, dh, 0, n);
      lap("dS = dO V   gemm NN " + t + "x" + n + "x" + m);
      for (int s = t - 1; s >= 0; s--) {
        int off = s * n;
        ops.activateBackward(Activation.TANH, n, h, off, dh, off, dh, off, false);
        if (s > 0) {
          ops.gemv(true, n, n, 1, w, 0, n, dh, off, 1, dh, off - n);
        }
      }
      lap("recurrence bwd: gemv^T + tanh'");
      ops.gemm(true, false, n, n, t - 1, 1, dh, n, n, h, 0, n, 1, dw, 0, n);
      lap("dW += dA^T S gemm TN " + n + "x" + n + "x" + (t - 1));
      ops.addColumnSums(t, n, dh, 0, dbx, 0);
      ops.scatterAddRows(dh, 0, n, seq, 0, t, dut);
      lap("dbx + scatter dUt");
      for (int i = 0; i < params.length; i++) {
        ops.axpy(params[i].size(), -1e-3, grads[i], 0, params[i], 0);
      }
      lap("SGD axpy (all params)");
    }
    long total = 0;
    for (long[] v2 : times.values()) {
      total += v2[0];
    }
    System.out.printf(Locale.ROOT, "== %s m%d n%d T%d: %d seqs, %.1f us/seq, %.0f tokens/s%n", name,
        m, n, t, seqs, total / 1e3 / seqs, (double) seqs * t / (total / 1e9));
    for (Map.Entry<String, long[]> e : times.entrySet()) {
      System.out.printf(Locale.ROOT, "  %-44s %9.1f us %5.1f%%%n", e.getKey(),
          e.getValue()[0] / 1e3 / seqs, 100.0 * e.getValue()[0] / total);
    }
    profileGeneration(ops, m, n, ut, w, bx, v, by, seconds);
  }

  private void profileGeneration(TensorOps ops, int m, int n, Tensor ut, Tensor w, Tensor bx,
      Tensor v, Tensor by, double seconds) {
    times.clear();
    Tensor s = Tensor.zeros(DType.F32, n);
    Tensor a = Tensor.zeros(DType.F32, n);
    Tensor o = Tensor.zeros(DType.F32, m);
    int[] id = {0};
    long warmEnd = System.nanoTime() + (long) (seconds * 0.15e9);
    long end = warmEnd + (long) (seconds * 0.5e9);
    long tokens = 0;
    boolean warm = true;
    while (true) {
      long now = System.nanoTime();
      if (warm && now > warmEnd) {
        warm = false;
        times.clear();
        tokens = 0;
      }
      if (!warm && now > end) {
        break;
      }
      tokens++;
      start();
      ops.gatherRows(ut, n, id, 0, 1, a, 0);
      ops.addRowVector(1, n, bx, 0, a, 0);
      ops.gemm(false, true, 1, n, n, 1, s, 0, n, w, 0, n, 1, a, 0, n);
      ops.activate(Activation.TANH, n, a, 0, s, 0);
      lap("gen: gather, s W^T, tanh");
      ops.gemm(false, true, 1, m, n, 1, s, 0, n, v, 0, n, 0, o, 0, m);
      lap("gen: o = s V^T (1x" + m + "x" + n + ")");
      ops.addRowVector(1, m, by, 0, o, 0);
      id[0] = ops.argmax(m, o, 0);
      lap("gen: + by, argmax");
    }
    long total = 0;
    for (long[] v2 : times.values()) {
      total += v2[0];
    }
    System.out.printf(Locale.ROOT, "  generation: %.1f us/token, %.0f tokens/s%n",
        total / 1e3 / tokens, tokens / (total / 1e9));
    for (Map.Entry<String, long[]> e : times.entrySet()) {
      System.out.printf(Locale.ROOT, "  %-44s %9.2f us %5.1f%%%n", e.getKey(),
          e.getValue()[0] / 1e3 / tokens, 100.0 * e.getValue()[0] / total);
    }
  }

  private static Tensor rand(Random rnd, int... shape) {
    Tensor x = Tensor.zeros(DType.F32, shape);
    for (int i = 0; i < x.size(); i++) {
      x.set(i, (rnd.nextDouble() * 2 - 1) * 0.1);
    }
    return x;
  }
}

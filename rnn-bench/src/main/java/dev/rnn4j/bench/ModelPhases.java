package dev.rnn4j.bench;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.ops.FusedLinearStep;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.core.cell.ElmanCellProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where a training step of the real model goes, phase by phase, as {@code Trainer} runs it without
 * clipping (zeroGrad, forward, loss, backward with the fused SGD steps of V and W, the step of the
 * other parameters), float32, batch 1 or the batch a configuration names ({@code a1:32}), timed
 * by {@link BenchClock} (CPU time on one thread, the wall clock on more). Not JMH; run by hand:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "rnn-bench/target/benchmarks.jar" \
 *     dev.rnn4j.bench.ModelPhases simd 1 400 b c
 * </pre>
 *
 * Arguments: backend, threads, steps per config (the first quarter warms up), configurations
 * ({@code a1}, ..., or {@code a1:32} for batch 32; the batch's sequences are time-major, as {@code
 * Trainer} lays them out).
 */
public final class ModelPhases {
  private static final String[] PHASES = {"zeroGrad", "forward", "loss", "backward + V, W steps",
    "step of the rest"};

  private ModelPhases() {}

  public static void main(String[] args) {
    String backend = args.length > 0 ? args[0] : "simd";
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int steps = args.length > 2 ? Integer.parseInt(args[2]) : 400;
    TensorOps ops = Backends.create(backend, threads);
    for (int a = 3; a < Math.max(args.length, 4); a++) {
      String want = args.length > a ? args[a] : "c";
      String[] nameAndBatch = want.split(":", 2);
      int[] c = TrainingProfile.config(nameAndBatch[0]);
      int batch = nameAndBatch.length > 1 ? Integer.parseInt(nameAndBatch[1]) : 1;
      profile(ops, BenchClock.forThreads(threads), want, c[0], c[1], c[2], batch, steps);
    }
  }

  private static void profile(TensorOps ops, BenchClock clock, String name, int m, int n, int t,
      int batch, int steps) {
    RnnLanguageModel net = new RnnLanguageModel(ModelConfig.elman(m, n, DType.F32), ops,
        new ElmanCellProvider(), Plugins.defaults().select(Plugins.defaults().losses(), null).create(ops, Options.empty()),
        new SplittableRandom(1));
    Optimizer sgd = Plugins.defaults().select(Plugins.defaults().optimizers(), "sgd").create(ops, 1e-3, Options.empty());
    FusedLinearStep fused = Backends.capability(ops, FusedLinearStep.class);
    ModelWorkspace ws = net.newWorkspace(t, batch);
    SplittableRandom r = new SplittableRandom(5);
    int[][] in = new int[64][t * batch];
    int[][] out = new int[64][t * batch];
    for (int i = 0; i < 64; i++) {
      for (int s = 0; s < t * batch; s++) {
        in[i][s] = r.nextInt(m);
        out[i][s] = r.nextInt(m);
      }
    }
    long[] phase = new long[PHASES.length];
    int warm = steps / 4;
    long wallStart = 0;
    for (int it = 0; it < steps; it++) {
      if (it == warm) {
        java.util.Arrays.fill(phase, 0);
        wallStart = System.nanoTime();
      }
      int i = it % 64;
      long t0 = clock.now();
      net.zeroGrad();
      long t1 = clock.now();
      net.forward(ws, in[i], 0, t, null);
      long t2 = clock.now();
      net.loss(ws, out[i], 0, null, true);
      long t3 = clock.now();
      List<Parameter> rest = net.backwardStepping(ws, in[i], 0, fused, -sgd.learningRate());
      long t4 = clock.now();
      sgd.step(rest);
      long t5 = clock.now();
      phase[0] += t1 - t0;
      phase[1] += t2 - t1;
      phase[2] += t3 - t2;
      phase[3] += t4 - t3;
      phase[4] += t5 - t4;
    }
    int measured = steps - warm;
    double wallUs = (System.nanoTime() - wallStart) / 1e3 / measured;
    long total = 0;
    for (long p : phase) {
      total += p;
    }
    double phasesUs = total / 1e3 / measured;
    System.out.printf(Locale.ROOT, "== %s m%d n%d T%d batch %d: %s %.0f us/step (%.0f tokens/s),"
        + " wall %.0f us/step (%.0f tokens/s)%n", name, m, n, t, batch, clock.isCpuTime() ? "cpu" : "phases (wall)",
        phasesUs, t * batch * 1e6 / phasesUs, wallUs, t * batch * 1e6 / wallUs);
    for (int k = 0; k < PHASES.length; k++) {
      double us = phase[k] / 1e3 / measured;
      System.out.printf(Locale.ROOT, "  %-20s %9.1f us %5.1f%%%n", PHASES[k], us, 100 * us / phasesUs);
    }
  }
}

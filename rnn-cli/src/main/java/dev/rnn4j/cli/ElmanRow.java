package dev.rnn4j.cli;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.core.generate.Generator;
import dev.rnn4j.core.io.Json;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.train.ShardBatch;
import dev.rnn4j.core.train.ShardLayout;
import dev.rnn4j.core.train.ShardSum;
import dev.rnn4j.core.train.ThreadedGradientEngine;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * One configuration of the Elman table of {@code rnn4j bench} on one backend and thread count,
 * measured in its own JVM ({@code bench --elman-row CONFIG,BACKEND,THREADS}, started by the
 * command for every round): greedy generation, then training at each of the command's batch
 * sizes, each warmed up and timed as {@link BenchCommand#measure} does. One JVM per configuration
 * is how a user runs a model; measured in one JVM after the others, on JDK 17, b trained 3-18%
 * slower than alone (the JIT's profiles of the shared kernels collected on the earlier shapes).
 * Prints one JSON line: {@code generate_tokens_per_s} and {@code train_tokens_per_s_B} per batch
 * size B.
 */
final class ElmanRow {
  private ElmanRow() {}

  /** The child's side: measures and prints the row; returns the exit code. */
  static int measure(PrintWriter out, Plugins plugins, String spec, List<Integer> batches,
      int shards, double seconds) {
    String[] f = spec.split(",");
    if (f.length != 3 || !BenchCommand.CONFIGS.containsKey(f[0])) {
      throw new RnnException("--elman-row wants CONFIG,BACKEND,THREADS with a full configuration name, got "
          + spec);
    }
    int[] c = BenchCommand.CONFIGS.get(f[0]);
    String backend = f[1];
    int threads = Integer.parseInt(f[2]);
    TensorOps ops = plugins.select(plugins.backends(), backend).create(BenchCommand.threadOptions(threads));
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("kind", "elman-row");
    row.put("config", f[0]);
    row.put("generate_tokens_per_s", generateTokensPerSecond(ops, c[0], c[1], seconds));
    for (int batch : batches) {
      double rate;
      if (shards > 1 && batch >= shards) {
        Supplier<TensorOps> oneThread = () -> plugins.select(plugins.backends(), backend)
            .create(BenchCommand.threadOptions(1));
        try (ThreadedGradientEngine engine = new ThreadedGradientEngine(
            () -> BenchCommand.model(oneThread.get(), "elman", c[0], c[1]), Math.min(threads, shards))) {
          rate = BenchCommand.measure(shardedTrainingStep(engine, oneThread.get(), c[0], c[1], c[2],
              batch, shards), seconds);
        }
      } else {
        rate = BenchCommand.measure(BenchCommand.trainingStep(ops, "elman", c[0], c[1], c[2], batch),
            seconds);
      }
      row.put("train_tokens_per_s_" + batch, rate);
    }
    out.println(Json.write(row));
    out.flush();
    return 0;
  }

  private static double generateTokensPerSecond(TensorOps ops, int m, int n, double seconds) {
    Generator gen = new Generator(BenchCommand.model(ops, "elman", m, n), -1);
    int[] start = {0};
    return BenchCommand.measure(() -> gen.greedy(start, 200).length, seconds);
  }

  /**
   * One training step per call as {@link BenchCommand#trainingStep}, but as {@code Trainer} runs
   * it with {@code shards} shards computed by {@code engine} (as {@code train --shards} does): the
   * shard sums' gradient installed in the model, then SGD.
   */
  static IntSupplier shardedTrainingStep(ThreadedGradientEngine engine, TensorOps ops, int m,
      int n, int t, int batch, int shards) {
    RnnLanguageModel net = BenchCommand.model(ops, "elman", m, n);
    Optimizer sgd = Plugins.defaults().select(Plugins.defaults().optimizers(), "sgd").create(ops, 1e-3, Options.empty());
    int[][][] data = BenchCommand.randomBatches(m, t, batch);
    ShardLayout layout = new ShardLayout(batch, shards);
    int[] counter = {0};
    return () -> {
      int i = counter[0]++ % data[0].length;
      ShardSum sum = engine.compute(net, new ShardBatch(t, data[0][i], data[1][i], layout, 1, null,
          0, i));
      sum.installGradients(net.parameters());
      sgd.step(net.parameters());
      return t * batch;
    };
  }
}

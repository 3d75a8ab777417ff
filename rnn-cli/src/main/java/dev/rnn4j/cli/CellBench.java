package dev.rnn4j.cli;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.io.Json;
import dev.rnn4j.core.plugin.Plugins;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * {@code rnn4j bench --cells}: training throughput of one-layer models of any cell, each row
 * measured in a fresh JVM (so that its peak RSS and its cold start belong to that row alone),
 * next to the PyTorch peer ({@code scripts/torch_cells.py}: {@code nn.Embedding} + {@code
 * nn.LSTM}/{@code nn.GRU}/{@code nn.RNN} + {@code nn.Linear}, summed cross-entropy, SGD, float32),
 * also one process per row. rnn4j and the peer take turns {@code rounds} times per row; each side's
 * best rate, best time to the first 10% and largest peak RSS are reported.
 */
final class CellBench {
  private final PrintWriter out;
  private final List<String> backends;
  private final List<Integer> threads;
  private final List<Integer> batches;
  private final double seconds;
  private final int rounds;
  private final long runTokens;
  /** The processor of this run ({@link HostCpu}), printed first and in every row. */
  private final String cpu = HostCpu.describe();

  CellBench(PrintWriter out, List<String> backends, List<Integer> threads, List<Integer> batches,
      double seconds, int rounds, long runTokens) {
    if (runTokens < 10) {
      throw new RnnException("--run-tokens must be at least 10, got " + runTokens);
    }
    this.out = out;
    this.backends = backends;
    this.threads = threads;
    this.batches = batches;
    this.seconds = seconds;
    this.rounds = rounds;
    this.runTokens = runTokens;
  }

  /** Measures every backend, thread count, configuration, cell and batch; prints and returns the rows. */
  List<Map<String, Object>> run(List<String> cells, List<String> configs, Path peer) {
    Plugins plugins = Plugins.defaults();
    for (String cell : cells) {
      plugins.select(plugins.cells(), cell); // an unknown cell fails here, before any child starts
    }
    out.println("cpu " + cpu);
    out.printf(Locale.ROOT, "java %s (%s); first 10%% = the first %,d tokens of a %,d-token run, from a"
        + " cold start (a fresh process); RSS = the row's process's peak%n", System.getProperty("java.version"),
        System.getProperty("java.vm.name"), runTokens / 10, runTokens);
    out.printf("%-22s %-5s %-7s %3s %5s %12s %12s %8s %15s %9s %15s%n", "config", "cell", "backend", "thr",
        "batch", "train tok/s", "torch tok/s", "vs torch", "first10% s", "vs warm", "peak RSS MB");
    out.printf("%-22s %-5s %-7s %3s %5s %12s %12s %8s %15s %9s %15s%n", "", "", "", "", "", "", "", "",
        "rnn4j / torch", "rnn4j", "rnn4j / torch");
    out.flush();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String backend : backends) {
      for (int t : threads) {
        BenchCommand.threadOptions(t);
        for (String config : configs) {
          for (String cell : cells) {
            for (int batch : batches) {
              rows.add(row(backend, t, config, cell, batch, peer));
            }
          }
        }
      }
    }
    out.flush();
    return rows;
  }

  private Map<String, Object> row(String backend, int t, String config, String cell, int batch, Path peer) {
    Map<String, Object> ours = new LinkedHashMap<>();
    Map<String, Object> theirs = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      keepBest(ours, child(backend, t, config, cell, batch));
      if (peer != null) {
        keepBest(theirs, torch(peer, t, config, cell, batch));
      }
    }
    Double train = BenchProcesses.number(ours, "tokens_per_s");
    Double torchTrain = BenchProcesses.number(theirs, "tokens_per_s");
    Double first = BenchProcesses.number(ours, "first_tokens_s");
    Double torchFirst = BenchProcesses.number(theirs, "first_tokens_s");
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("config", config);
    row.put("cell", cell);
    row.put("backend", backend);
    row.put("threads", t);
    row.put("batch", batch);
    row.put("cpu", cpu);
    row.put("java", System.getProperty("java.version"));
    row.put("jvm_flags", String.join(" ", BenchProcesses.childFlags()));
    row.put("train_tokens_per_s", train);
    row.put("first_tokens", runTokens / 10);
    row.put("first_tokens_s", first);
    row.put("jvm_uptime_at_first_tokens_s", BenchProcesses.number(ours, "uptime_at_first_tokens_s"));
    row.put("peak_rss_kb", BenchProcesses.number(ours, "peak_rss_kb"));
    row.put("torch_train_tokens_per_s", torchTrain);
    row.put("torch_first_tokens_s", torchFirst);
    row.put("torch_peak_rss_kb", BenchProcesses.number(theirs, "peak_rss_kb"));
    String firstRate = train == null || first == null ? "-"
        : String.format(Locale.ROOT, "%.2f", runTokens / 10.0 / first / train);
    out.printf(Locale.ROOT, "%-22s %-5s %-7s %3d %5d %,12.0f %12s %8s %15s %9s %15s%n", config, cell, backend,
        t, batch, train == null ? Double.NaN : train, torchTrain == null ? "-" : String.format(Locale.ROOT,
            "%,.0f", torchTrain), BenchCommand.ratio(train == null ? 0 : train, torchTrain),
        pair(first, torchFirst, "%.2f", 1), firstRate,
        pair(BenchProcesses.number(ours, "peak_rss_kb"), BenchProcesses.number(theirs, "peak_rss_kb"), "%.0f", 1024));
    out.flush();
    return row;
  }

  private static String pair(Double a, Double b, String format, double unit) {
    return (a == null ? "-" : String.format(Locale.ROOT, format, a / unit)) + " / "
        + (b == null ? "-" : String.format(Locale.ROOT, format, b / unit));
  }

  /** Keeps the higher rate, the shorter first 10% and the larger peak RSS of two measurements. */
  private static void keepBest(Map<String, Object> best, Map<String, Object> run) {
    merge(best, run, "tokens_per_s", true);
    merge(best, run, "first_tokens_s", false);
    merge(best, run, "uptime_at_first_tokens_s", false);
    merge(best, run, "peak_rss_kb", true);
  }

  private static void merge(Map<String, Object> best, Map<String, Object> run, String key, boolean larger) {
    Double v = BenchProcesses.number(run, key);
    Double old = BenchProcesses.number(best, key);
    if (v != null && (old == null || (larger ? v > old : v < old))) {
      best.put(key, v);
    }
  }


  /** One row in a fresh JVM with this JVM's flags (less those that write a class-data or AOT cache). */
  private Map<String, Object> child(String backend, int t, String config, String cell, int batch) {
    return BenchProcesses.lastRecord(out, BenchProcesses.rnn4j(List.of(
        "--row", String.join(",", cell, config, backend, String.valueOf(t), String.valueOf(batch)),
        "--seconds", String.valueOf(seconds), "--run-tokens", String.valueOf(runTokens))),
        "row", "rnn4j " + cell + " " + config);
  }

  private Map<String, Object> torch(Path peer, int t, String config, String cell, int batch) {
    ProcessBuilder pb = TorchPeerPython.process(TorchPeerPython.PYTHON, List.of(peer.toString(), "--cell", cell,
        "--config", config, "--batch", String.valueOf(batch), "--threads", String.valueOf(t), "--target-s",
        String.valueOf(seconds), "--first-tokens", String.valueOf(runTokens / 10)), t);
    return BenchProcesses.lastRecord(out, pb, "train", "torch " + cell + " " + config);
  }

  /**
   * The child's side ({@code bench --row CELL,CONFIG,BACKEND,THREADS,BATCH}): times the first
   * tenth of {@code runTokens} from the first step of a fresh model in this fresh JVM, then the
   * warm rate as the Elman rows measure it, then prints one JSON line with the process's peak
   * RSS ({@code VmHWM}).
   */
  static int measureRow(PrintWriter out, Plugins plugins, String spec, double seconds, long runTokens) {
    String[] f = spec.split(",");
    if (f.length != 5 || !BenchCommand.CONFIGS.containsKey(f[1])) {
      throw new RnnException("--row wants CELL,CONFIG,BACKEND,THREADS,BATCH with a full configuration name, got " + spec);
    }
    int[] c = BenchCommand.CONFIGS.get(f[1]);
    int threads = Integer.parseInt(f[3]);
    int batch = Integer.parseInt(f[4]);
    TensorOps ops = plugins.select(plugins.backends(), f[2]).create(BenchCommand.threadOptions(threads));
    IntSupplier step = BenchCommand.trainingStep(ops, f[0], c[0], c[1], c[2], batch);
    long start = System.nanoTime();
    long done = 0;
    while (done < runTokens / 10) {
      done += step.getAsInt();
    }
    double firstSeconds = (System.nanoTime() - start) / 1e9;
    double uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
    double rate = BenchCommand.measure(step, seconds);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("kind", "row");
    row.put("cell", f[0]);
    row.put("config", f[1]);
    row.put("tokens_per_s", rate);
    row.put("first_tokens", done);
    row.put("first_tokens_s", firstSeconds * (runTokens / 10) / done);
    row.put("uptime_at_first_tokens_s", uptime);
    row.put("peak_rss_kb", peakRssKb());
    out.println(Json.write(row));
    out.flush();
    return 0;
  }

  /** VmHWM of /proc/self/status in kB; null where there is no such file. */
  static Long peakRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return null;
    }
    return null;
  }
}

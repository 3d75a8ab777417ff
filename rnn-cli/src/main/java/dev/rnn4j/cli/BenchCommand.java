package dev.rnn4j.cli;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.FusedLinearStep;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.ops.TensorOpsProvider;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.io.AtomicFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rnn4j bench}: training and generation throughput of the Elman model on the reference
 * configurations, per backend and thread count, next to the numpy peer run in the same command;
 * with {@code --cells}, other cells next to PyTorch, row by row in fresh processes ({@link
 * CellBench}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Trains the Elman model (float32, batch 1, forward + full BPTT + SGD) on random "
        + "sequences of the reference configurations (a1 m65 n128 T25, a2 m65 n512 T100, b m8000 "
        + "n100 T20, c m10000 n256 T35) with each backend, thread count and batch size, measures "
        + "greedy generation, and runs the numpy peer (numpy_rnn.py --modes fast) with the same "
        + "configuration in the same run when python3 with numpy is present (with the thread "
        + "count of the row). Each configuration is trained and generated from in a fresh JVM per "
        + "round, as a user runs one model per process. Backends are measured one after the other; per backend and thread "
        + "count it first prints its sgemm 1024x1024 GFLOP/s next to numpy's (gemm_peak.py "
        + "beside the peer); per row tokens/s, GFLOP/s, the fraction of that sgemm peak, and the "
        + "ratio rnn4j / numpy; --json writes the rows as JSON. --cells lstm,gru measures those cells instead,"
        + " each row in a fresh JVM next to PyTorch (scripts/torch_cells.py), with the time of the first 10%% of"
        + " a run and each process's peak RSS.")
final class BenchCommand implements Callable<Integer> {
  static final Map<String, int[]> CONFIGS = new LinkedHashMap<>();

  static {
    CONFIGS.put("a1_char_m65_n128_T25", new int[] {65, 128, 25});
    CONFIGS.put("a2_char_m65_n512_T100", new int[] {65, 512, 100});
    CONFIGS.put("b_word_m8000_n100_T20", new int[] {8000, 100, 20});
    CONFIGS.put("c_word_m10000_n256_T35", new int[] {10000, 256, 35});
  }

  @Spec CommandSpec spec;

  @Option(names = "--configs", split = ",", paramLabel = "NAME",
      description = "Configurations (default: all four; prefixes such as a1,b work).")
  List<String> configs = new ArrayList<>(CONFIGS.keySet());

  @Option(names = "--backends", split = ",", paramLabel = "NAME",
      description = "Backends to measure (default: every available one).")
  List<String> backends;

  @Option(names = "--threads", split = ",", defaultValue = "1,2", paramLabel = "N",
      description = "Thread counts (default: ${DEFAULT-VALUE}).")
  List<Integer> threads;

  @Option(names = "--batches", split = ",", defaultValue = "1", paramLabel = "B",
      description = "Batch sizes for training (default: ${DEFAULT-VALUE}; e.g. 1,32). The numpy peer runs batch 1 only.")
  List<Integer> batches;

  @Option(names = "--shards", defaultValue = "1", paramLabel = "S",
      description = "Training rows with a batch of at least S compute it as S shards at once on the row's "
          + "threads, each on a network of its own with a one-thread backend, as train --shards S does "
          + "(default: ${DEFAULT-VALUE}: one batch on the row's backend threads, as train without --shards).")
  int shards;

  @Option(names = "--seconds", defaultValue = "1.0", paramLabel = "S",
      description = "Seconds per timed window; the best of 3 windows is reported, and the peers' best of"
          + " their 3 repeats (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--rounds", defaultValue = "2", paramLabel = "R",
      description = "Rounds per configuration and thread count: the peers and rnn4j take turns R times and"
          + " each side's best is reported, so that a slow phase of a shared host hits both (default:"
          + " ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--peer", paramLabel = "numpy_rnn.py",
      description = "The numpy peer script (default: ../shared/baselines/numpy_rnn.py if it exists).")
  Path peer;

  @Option(names = "--no-peer", description = "Do not run the numpy peer.")
  boolean noPeer;

  @Option(names = "--torch-peer", paramLabel = "torch_rnn.py",
      description = "Also run the PyTorch peer (nn.Embedding + nn.RNN + nn.Linear, every --batches size) with "
          + "/usr/bin/python3 and OpenBLAS (Debian's python3-torch); shown as 'vs torch'.")
  Path torchPeer;

  @Option(names = "--cells", split = ",", paramLabel = "CELL",
      description = "Instead: train these cells (elman, lstm, gru; e.g. lstm,gru), each row in its own JVM and the"
          + " PyTorch peer (--cells-peer) in its own process, and report tokens/s, the time of the first 10%% of a"
          + " --run-tokens run from a cold start, and each process's peak RSS.")
  List<String> cells;

  @Option(names = "--cells-peer", paramLabel = "torch_cells.py",
      description = "The PyTorch peer of --cells (default: scripts/torch_cells.py of this rnn4j, run with "
          + "/usr/bin/python3 and OpenBLAS).")
  Path cellsPeer;

  @Option(names = "--run-tokens", defaultValue = "100000", paramLabel = "N",
      description = "With --cells: the length of the training run whose first 10%% is timed from a cold start"
          + " (default: ${DEFAULT-VALUE} tokens).")
  long runTokens;

  @Option(names = "--row", hidden = true, paramLabel = "CELL,CONFIG,BACKEND,THREADS,BATCH",
      description = "(internal) measure one --cells row in this JVM and print it as one JSON line.")
  String row;

  @Option(names = "--elman-row", hidden = true, paramLabel = "CONFIG,BACKEND,THREADS",
      description = "(internal) measure one configuration of the Elman table in this JVM and print it as one JSON line.")
  String elmanRow;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write all rows as JSON to FILE.")
  Path json;

  /** The processor of this run ({@link HostCpu}), printed first and in every Elman row. */
  private String hostCpu;

  @Option(names = "--tokenizers",
      description = "Instead: measure every tokenizer's throughput (characters/s) on a generated mixed Chinese/English corpus.")
  boolean tokenizers;

  private int benchTokenizers(PrintWriter out, Plugins plugins) {
    List<String> corpus = dev.rnn4j.tokenizers.TokenizerThroughput.generateCorpus(2024, 20000);
    out.printf("%-12s %15s %15s%n", "tokenizer", "chars/s", "tokens/s");
    for (var p : plugins.tokenizers().all()) {
      if (!p.isAvailable()) {
        continue;
      }
      var t = p.isTrainable() ? p.train(corpus, dev.rnn4j.api.Options.empty()) : p.create(dev.rnn4j.api.Options.empty());
      var r = dev.rnn4j.tokenizers.TokenizerThroughput.measure(t, corpus,
          java.time.Duration.ofMillis((long) (seconds * 1000)));
      out.printf(Locale.ROOT, "%-12s %,15.0f %,15.0f%n", p.name(), r.charsPerSecond(), r.tokensPerSecond());
      out.flush();
    }
    return 0;
  }

  @Override
  public Integer call() throws Exception {
    checkSettings();
    PrintWriter out = spec.commandLine().getOut();
    Plugins plugins = Plugins.defaults();
    if (tokenizers) {
      return benchTokenizers(out, plugins);
    }
    if (row != null) {
      return CellBench.measureRow(out, plugins, row, seconds, runTokens);
    }
    if (elmanRow != null) {
      return ElmanRow.measure(out, plugins, elmanRow, batches, shards, seconds);
    }
    List<String> chosen = chooseBackends(plugins);
    List<String> names = resolveConfigs();
    if (cells != null) {
      CellBench bench = new CellBench(out, chosen, threads, batches, seconds, rounds, runTokens);
      Path cellPeer = noPeer ? null : findCellsPeer();
      if (noPeer || cellPeer == null) {
        out.println("(PyTorch peer not run: " + (noPeer ? "--no-peer" : "no scripts/torch_cells.py found; give"
            + " --cells-peer") + ")");
      }
      List<Map<String, Object>> cellRows = bench.run(cells, names, TorchPeerPython.usable(out, cellPeer));
      writeJson(out, cellRows);
      return 0;
    }
    Path peerScript = noPeer ? null : findPeer();
    if (torchPeer != null && !Files.isRegularFile(torchPeer)) {
      throw new RnnException("torch peer script " + torchPeer + " does not exist");
    }
    Path torchScript = TorchPeerPython.usable(out, torchPeer);
    List<Map<String, Object>> rows = new ArrayList<>();
    hostCpu = HostCpu.describe();
    out.println("cpu " + hostCpu + "; java " + System.getProperty("java.version") + " ("
        + System.getProperty("java.vm.name") + ")");
    out.printf("%-24s %-8s %3s %5s %13s %9s %7s %9s %9s %13s %9s%n", "config", "backend", "thr", "batch",
        "train tok/s", "GFLOP/s", "%peak", "vs numpy", "vs torch", "gen tok/s", "vs numpy");
    // Per configuration and thread count, the peers and rnn4j take turns (--rounds), each in a
    // fresh process, and each side's best counts; the peers' results are reused for the later
    // backends. rnn4j's side runs in its own JVM (ElmanRow): in one JVM the JIT's profiles of the
    // shared kernels carried over from one configuration (or backend) to the next, and b trained
    // 3-18% slower after a1 and a2 than alone on JDK 17 (a backend up to 30% slower after another's).
    Map<String, Map<String, Double>> numpyRuns = new LinkedHashMap<>();
    Map<String, Map<String, Double>> torchRuns = new LinkedHashMap<>();
    Map<Integer, Double> numpyPeaks = new LinkedHashMap<>();
    for (String b : chosen) {
      for (int t : threads) {
        SgemmProbe sgemm = new SgemmProbe(plugins.select(plugins.backends(), b).create(threadOptions(t)));
        double peak = sgemm.peak();
        if (!numpyPeaks.containsKey(t)) {
          numpyPeaks.put(t, peerScript == null ? null : numpySgemmPeak(peerScript, t));
        }
        Double numpyPeak = numpyPeaks.get(t);
        out.println(String.format(Locale.ROOT, "sgemm 1024x1024, %s, %d thread(s): %.1f GFLOP/s", b,
            t, peak) + (numpyPeak == null ? "" : String.format(Locale.ROOT,
            " (%s numpy's %.1f)", ratio(peak, numpyPeak), numpyPeak)));
        for (String name : names) {
          int[] c = CONFIGS.get(name);
          // The peers run in the rounds of the first backend only; later backends meet their best.
          String key = name + "/" + t;
          boolean runPeers = !numpyRuns.containsKey(key);
          Map<String, Double> numpy = numpyRuns.computeIfAbsent(key, k -> new LinkedHashMap<>());
          Map<String, Double> torch = torchRuns.computeIfAbsent(key, k -> new LinkedHashMap<>());
          double gen = 0;
          Map<Integer, Double> trainBest = new LinkedHashMap<>();
          for (int round = 0; round < rounds; round++) {
            if (runPeers && peerScript != null) {
              keepBest(numpy, runPeer(peerScript, name, t));
            }
            if (runPeers && torchScript != null) {
              keepBest(torch, runTorch(torchScript, name, t));
            }
            // rnn4j in a fresh JVM per configuration and round, as the peers (see ElmanRow)
            Map<String, Object> ours = BenchProcesses.lastRecord(out, BenchProcesses.rnn4j(List.of(
                "--elman-row", String.join(",", name, b, String.valueOf(t)), "--batches",
                batches.stream().map(String::valueOf).collect(Collectors.joining(",")), "--shards",
                String.valueOf(shards), "--seconds", String.valueOf(seconds))), "elman-row",
                "rnn4j " + name);
            // 0 where the child printed no result (lastRecord said why)
            gen = Math.max(gen, orZero(BenchProcesses.number(ours, "generate_tokens_per_s")));
            for (int batch : batches) {
              trainBest.merge(batch, orZero(BenchProcesses.number(ours, "train_tokens_per_s_" + batch)),
                  Math::max);
            }
          }
          for (int batch : batches) {
            rows.add(reportRow(out, name, b, t, batch, trainBest.get(batch), gen, sgemm, peak,
                numpyPeak, numpy, torch));
          }
        }
      }
    }
    if (peerScript == null) {
      out.println("(numpy peer not run: " + (noPeer ? "--no-peer" : "no numpy_rnn.py found; give --peer") + ")");
    }
    writeJson(out, rows);
    return 0;
  }

  /** The backends to measure: {@code --backends}, or every available one. */
  private List<String> chooseBackends(Plugins plugins) {
    List<String> chosen = new ArrayList<>();
    for (TensorOpsProvider p : plugins.backends().all()) {
      if (backends == null ? p.isAvailable() : backends.contains(p.name())) {
        chosen.add(plugins.select(plugins.backends(), p.name()).name());
      }
    }
    if (backends != null && chosen.size() != backends.size()) {
      throw new RnnException("unknown backend among " + backends + "; " + plugins.backends().describeChoices());
    }
    return chosen;
  }

  /** Prints one row of the Elman table (flagged when the machine's speed changed) and returns it. */
  private Map<String, Object> reportRow(PrintWriter out, String name, String b, int t, int batch,
      double train, double gen, SgemmProbe sgemm, double peak, Double numpyPeak,
      Map<String, Double> numpy, Map<String, Double> torch) {
    int[] c = CONFIGS.get(name);
    double gflops = train * flopsPerTrainingToken(c[0], c[1], c[2]) / 1e9;
    Double peerTrain = batch == 1 ? numpy.get("train") : null;
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("config", name);
    row.put("backend", b);
    row.put("threads", t);
    row.put("batch", batch);
    row.put("shards", shards > 1 && batch >= shards ? shards : 1);
    row.put("cpu", hostCpu);
    row.put("java", System.getProperty("java.version"));
    row.put("train_tokens_per_s", train);
    row.put("gflops", gflops);
    row.put("sgemm_peak_gflops", peak);
    row.put("numpy_sgemm_peak_gflops", numpyPeak);
    row.put("generate_tokens_per_s", gen);
    row.put("numpy_fast_train_tokens_per_s", peerTrain);
    row.put("numpy_generate_tokens_per_s", numpy.get("generate"));
    row.put("torch_train_tokens_per_s", torch.get("train-" + batch));
    // The host of this machine has slow phases (sgemm at half speed for tens of seconds):
    // a row measured in one is flagged rather than silently compared.
    double peakAfter = sgemm.now();
    row.put("sgemm_after_row_gflops", peakAfter);
    out.printf(Locale.ROOT, "%-24s %-8s %3d %5d %,13.0f %9.1f %6.0f%% %9s %9s %,13.0f %9s%n", name, b,
        t, batch, train, gflops, 100 * gflops / peak, ratio(train, peerTrain),
        ratio(train, torch.get("train-" + batch)), gen, ratio(gen, numpy.get("generate")));
    if (Math.abs(peakAfter - peak) > 0.2 * peak) {
      out.printf(Locale.ROOT, "  (sgemm after this row: %.1f GFLOP/s, %.1f before: the machine's"
          + " speed changed while measuring; run again before comparing this row)%n", peakAfter, peak);
    }
    out.flush();
    return row;
  }

  private void writeJson(PrintWriter out, List<Map<String, Object>> rows) {
    if (json != null) {
      byte[] bytes = (dev.rnn4j.core.io.Json.write(finite(rows)) + "\n").getBytes(StandardCharsets.UTF_8);
      AtomicFile.write(json, o -> o.write(bytes));
      out.println("rows written to " + json);
    }
    out.flush();
  }

  /** The --cells peer: the option, else scripts/torch_cells.py beside the launcher (rnn4j.home), else null. */
  private Path findCellsPeer() {
    if (cellsPeer != null) {
      if (!Files.isRegularFile(cellsPeer)) {
        throw new RnnException("peer script " + cellsPeer + " does not exist");
      }
      return cellsPeer;
    }
    String home = System.getProperty("rnn4j.home");
    Path p = Path.of(home == null ? "." : home, "scripts", "torch_cells.py");
    return Files.isRegularFile(p) ? p : null;
  }

  private List<String> resolveConfigs() {
    List<String> names = new ArrayList<>();
    for (String want : configs) {
      String match = null;
      for (String k : CONFIGS.keySet()) {
        if (k.equals(want) || k.startsWith(want + "_")) {
          match = k;
        }
      }
      if (match == null) {
        throw new RnnException("unknown configuration '" + want + "'; known: " + String.join(", ", CONFIGS.keySet()));
      }
      names.add(match);
    }
    return names;
  }

  /** Refuses counts and durations no row can be measured with, before anything is printed or run. */
  private void checkSettings() {
    for (int t : threads) {
      threadOptions(t);
    }
    for (int b : batches) {
      if (b < 1) {
        throw new RnnException("--batches must be at least 1, got " + b);
      }
    }
    if (shards < 1) {
      throw new RnnException("--shards must be at least 1, got " + shards);
    }
    if (rounds < 1) {
      throw new RnnException("--rounds must be at least 1, got " + rounds);
    }
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new RnnException("--seconds must be a number of seconds above 0, got " + seconds);
    }
  }

  static Options threadOptions(int t) {
    if (t < 1) {
      throw new RnnException("--threads must be at least 1, got " + t);
    }
    return Options.of(TensorOpsProvider.THREADS, String.valueOf(t));
  }

  static String ratio(double ours, Double theirs) {
    return theirs == null || theirs <= 0 ? "-" : String.format(Locale.ROOT, "%.2fx", ours / theirs);
  }

  private static double orZero(Double v) {
    return v == null ? 0 : v;
  }

  /** The FLOP model of shared/baselines/common.py (one-hot product counted as a lookup). */
  static double flopsPerTrainingToken(int m, int n, int t) {
    return 6.0 * (n * (double) n + m * (double) n) + 2.0 * (n * (double) n + m * (double) n + n + m) / t + 2.0 * n;
  }

  private double measure(IntSupplier tokensOfOneRun) {
    return measure(tokensOfOneRun, seconds);
  }

  /** Warms up (see {@link #warmUp}), then returns the best of three windows of {@code seconds}. */
  static double measure(IntSupplier tokensOfOneRun, double seconds) {
    warmUp(tokensOfOneRun);
    double[] rates = new double[3];
    for (int r = 0; r < rates.length; r++) {
      rates[r] = rateOver(tokensOfOneRun, (long) (seconds * 1e9));
    }
    // The best window, and the peers' best repeat likewise: this machine's host has slow phases
    // of several seconds (sgemm at half speed), which a median of three still catches.
    Arrays.sort(rates);
    return rates[rates.length - 1];
  }

  /** Runs {@code work} for at least {@code nanos}; returns what it counted per second. */
  private static double rateOver(IntSupplier work, long nanos) {
    long start = System.nanoTime();
    long done = 0;
    long now;
    do {
      done += work.getAsInt();
      now = System.nanoTime();
    } while (now - start < nanos);
    return done / ((now - start) / 1e9);
  }

  /**
   * Runs until the JIT has compiled the vector kernels: windows of 0.5 s until two in a row are
   * no faster than 1.05 times the best earlier window (at least 1.5 s, at most 20 s). A fixed
   * warm-up is not enough: the word-level configurations need about 3 s here before C2 has
   * compiled every kernel they reach (the first second runs at a few hundred tokens/s).
   */
  private static void warmUp(IntSupplier tokensOfOneRun) {
    long start = System.nanoTime();
    double best = 0;
    int flat = 0;
    while (true) {
      double rate = rateOver(tokensOfOneRun, 500_000_000L);
      flat = rate <= best * 1.05 ? flat + 1 : 0;
      best = Math.max(best, rate);
      double elapsed = (System.nanoTime() - start) / 1e9;
      if (elapsed >= 20 || (elapsed >= 1.5 && flat >= 2)) {
        return;
      }
    }
  }


  /** A one-layer float32 model of {@code cell} with the default loss, seeded. */
  static RnnLanguageModel model(TensorOps ops, String cell, int m, int n) {
    Plugins plugins = Plugins.defaults();
    return new RnnLanguageModel(new ModelConfig(m, n, 1, cell, Options.empty(), DType.F32), ops,
        plugins.select(plugins.cells(), cell), plugins.select(plugins.losses(), null).create(ops, Options.empty()),
        new SplittableRandom(1));
  }

  /** @return inputs and targets of 64 time-major batches of random sequences (see trainingStep) */
  static int[][][] randomBatches(int m, int t, int batch) {
    SplittableRandom random = new SplittableRandom(123);
    int[][] pool = new int[64][t + 1];
    for (int[] seq : pool) {
      for (int i = 0; i < seq.length; i++) {
        seq[i] = random.nextInt(m);
      }
    }
    // time-major batches of pool sequences: inputs row t*batch+b, targets shifted by one step
    int[][] inputs = new int[pool.length][t * batch];
    int[][] targets = new int[pool.length][t * batch];
    for (int i = 0; i < pool.length; i++) {
      for (int b = 0; b < batch; b++) {
        int[] seq = pool[(i + b) % pool.length];
        for (int s = 0; s < t; s++) {
          inputs[i][s * batch + b] = seq[s];
          targets[i][s * batch + b] = seq[s + 1];
        }
      }
    }
    return new int[][][] {inputs, targets};
  }

  /**
   * One training step per call (forward, summed cross-entropy, full BPTT, SGD with lr 1e-3, as
   * {@code Trainer} runs it without clipping) on batches of 64 random sequences taken in turn.
   *
   * @return the step, which returns the tokens it trained on
   */
  static IntSupplier trainingStep(TensorOps ops, String cell, int m, int n, int t, int batch) {
    RnnLanguageModel net = model(ops, cell, m, n);
    Optimizer sgd = Plugins.defaults().select(Plugins.defaults().optimizers(), "sgd").create(ops, 1e-3, Options.empty());
    ModelWorkspace ws = net.newWorkspace(t, batch);
    int[][][] data = randomBatches(m, t, batch);
    int[][] inputs = data[0];
    int[][] targets = data[1];
    int[] counter = {0};
    FusedLinearStep fused = ops.capability(FusedLinearStep.class).orElseThrow();
    return () -> {
      int i = counter[0]++ % inputs.length;
      net.zeroGrad();
      net.forward(ws, inputs[i], 0, t, null);
      net.loss(ws, targets[i], 0, null, true);
      // as Trainer does for plain SGD without clipping
      sgd.step(net.backwardStepping(ws, inputs[i], 0, fused, -sgd.learningRate()));
      return t * batch;
    };
  }

  /** sgemm 1024² on one backend, on operands made once. */
  private final class SgemmProbe {
    private static final int SIZE = 1024;
    private final TensorOps ops;
    private final Tensor a = Tensor.zeros(DType.F32, SIZE, SIZE);
    private final Tensor b = Tensor.zeros(DType.F32, SIZE, SIZE);
    private final Tensor c = Tensor.zeros(DType.F32, SIZE, SIZE);

    SgemmProbe(TensorOps ops) {
      this.ops = ops;
      SplittableRandom r = new SplittableRandom(5);
      for (int i = 0; i < a.size(); i++) {
        a.set(i, r.nextDouble());
        b.set(i, r.nextDouble());
      }
    }

    private long multiply() {
      long start = System.nanoTime();
      ops.gemm(false, false, SIZE, SIZE, SIZE, 1, a, 0, SIZE, b, 0, SIZE, 0, c, 0, SIZE);
      return System.nanoTime() - start;
    }

    /** GFLOP/s as the rows are measured: warmed up, best of three windows. */
    double peak() {
      return measure(() -> {
        multiply();
        return 1;
      }) * 2.0 * SIZE * SIZE * SIZE / 1e9;
    }

    /** GFLOP/s now: the best of a few calls of the already compiled kernel (about 0.3 s). */
    double now() {
      long best = Long.MAX_VALUE;
      long end = System.nanoTime() + 300_000_000L;
      for (int i = 0; i < 3 || System.nanoTime() < end; i++) {
        best = Math.min(best, multiply());
      }
      return 2.0 * SIZE * SIZE * SIZE / best;
    }
  }


  private Path findPeer() {
    Path p = peer != null ? peer : Path.of("..", "shared", "baselines", "numpy_rnn.py");
    if (!Files.isRegularFile(p)) {
      if (peer != null) {
        throw new RnnException("peer script " + peer + " does not exist");
      }
      return null;
    }
    return p;
  }

  private Map<String, Double> runTorch(Path script, String config, int t) {
    List<String> args = new ArrayList<>(List.of(script.toString(), "--configs", config, "--variants",
        "embed", "--threads", String.valueOf(t), "--no-gen", "--target-s", String.valueOf(seconds), "--batches"));
    for (int b : batches) {
      args.add(String.valueOf(b));
    }
    return collect(TorchPeerPython.process(TorchPeerPython.PYTHON, args, t));
  }

  private Map<String, Double> runPeer(Path script, String config, int t) {
    ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "--configs", config,
        "--dtypes", "float32", "--modes", "fast", "--threads", String.valueOf(t),
        "--target-s", String.valueOf(seconds), "--gen-configs", config);
    pb.environment().remove("OPENBLAS_CORETYPE");
    pb.environment().remove("OPENBLAS_L2_SIZE");
    putThreadCounts(pb, t);
    return collect(pb);
  }

  /**
   * numpy's float32 GEMM at 1024² with {@code threads} threads, by {@code gemm_peak.py} next to the
   * numpy peer; null when it is not there or fails.
   */
  private Double numpySgemmPeak(Path numpyPeer, int threads) {
    Path script = numpyPeer.resolveSibling("gemm_peak.py");
    if (!Files.isRegularFile(script)) {
      return null;
    }
    ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "--lib", "numpy",
        "--threads", String.valueOf(threads), "--size", "1024", "--dtypes", "float32",
        "--target-s", String.valueOf(seconds));
    pb.environment().remove("OPENBLAS_CORETYPE");
    pb.environment().remove("OPENBLAS_L2_SIZE");
    putThreadCounts(pb, threads);
    return collect(pb).get("gemm");
  }

  /**
   * The peers' BLAS (OpenBLAS, or MKL) sizes its pool from the environment, not from the scripts'
   * --threads (a label in numpy_rnn.py); unset, it takes every core, so a "1 thread" peer would
   * run on two.
   */
  static void putThreadCounts(ProcessBuilder pb, int threads) {
    for (String name : List.of("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")) {
      pb.environment().put(name, String.valueOf(threads));
    }
  }

  /** Puts each figure of {@code run} into {@code best} where it is larger. */
  private static void keepBest(Map<String, Double> best, Map<String, Double> run) {
    run.forEach((k, v) -> best.merge(k, v, Math::max));
  }

  /**
   * The best of a peer record's timed repeats ({@code meas.all}, in the unit of {@code field}), as
   * rnn4j's own figures are the best of three windows; {@code field} itself (the peer's median)
   * when the record has no repeats.
   */
  static double best(Map<?, ?> node, String field) {
    Object meas = node.get("meas");
    Object all = meas instanceof Map ? ((Map<?, ?>) meas).get("all") : null;
    double best = 0;
    if (all instanceof List) {
      for (Object v : (List<?>) all) {
        best = Math.max(best, v instanceof Number ? ((Number) v).doubleValue() : 0);
      }
    }
    Object own = node.get(field);
    return best > 0 ? best : own instanceof Number ? ((Number) own).doubleValue() : 0;
  }

  /** @return the rows with NaN and infinite numbers as null (JSON has no such numbers) */
  private static List<Map<String, Object>> finite(List<Map<String, Object>> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Map<String, Object> copy = new LinkedHashMap<>();
      row.forEach((k, v) -> copy.put(k, v instanceof Double && !Double.isFinite((Double) v) ? null : v));
      out.add(copy);
    }
    return out;
  }

  /**
   * Runs a peer and reads its JSON lines: "train" and "generate" (batch 1), "train-B" per batch,
   * "gemm" (GFLOP/s of gemm_peak.py).
   */
  static Map<String, Double> collect(ProcessBuilder pb) {
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Map<String, Double> result = new LinkedHashMap<>();
    try {
      Process proc = pb.start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.startsWith("{")) {
            continue;
          }
          Object parsed = dev.rnn4j.core.io.Json.parse(line);
          if (!(parsed instanceof Map)) {
            continue;
          }
          Map<?, ?> node = (Map<?, ?>) parsed;
          String kind = String.valueOf(node.get("kind"));
          if (kind.equals("gemm")) {
            result.put("gemm", best(node, "gflops"));
          }
          if (kind.equals("train") || kind.equals("generate")) {
            int batch = node.get("batch") instanceof Number ? ((Number) node.get("batch")).intValue() : 1;
            double rate = best(node, "tokens_per_s");
            if (batch == 1) {
              result.putIfAbsent(kind, rate);
            }
            result.put(kind + "-" + batch, rate);
          }
        }
      }
      proc.waitFor();
    } catch (IOException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
    return result;
  }
}

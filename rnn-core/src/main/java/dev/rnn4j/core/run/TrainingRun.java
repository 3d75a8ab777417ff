package dev.rnn4j.core.run;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.data.TextSource;
import dev.rnn4j.core.io.AtomicFile;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.train.Checkpoint;
import dev.rnn4j.core.train.EpochStats;
import dev.rnn4j.core.train.GradientEngine;
import dev.rnn4j.core.train.ThreadedGradientEngine;
import dev.rnn4j.core.train.Trainer;
import dev.rnn4j.core.train.TrainingDivergedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run: from a {@link RunConfig} to a trained model in a run folder. The command line,
 * the examples and any application use this one class.
 *
 * <pre>{@code
 * RunResult result = TrainingRun.create(RunConfig.builder().corpus("text.txt").build()).run();
 * }</pre>
 *
 * <p>Lifecycle, and what it guarantees:
 *
 * <ol>
 *   <li>{@link #create} (or {@link #resume}) resolves the backend, every plugin and its options,
 *       the schedule and the training settings, without reading or writing any file: a bad
 *       configuration fails there, with one {@link RnnException} naming the setting.
 *   <li>{@link #run} reads and encodes the text (a missing or invalid corpus, a sentence too
 *       long for memory, too little text for the batch: a {@link RnnException}, still before
 *       anything is written), then creates and locks the run folder ({@link RunFolder}), writes
 *       {@code config.json} and {@code provenance.json}, and trains, writing {@code metrics.csv},
 *       a checkpoint before the first update, after every epoch and every {@code
 *       checkpoint_every} updates, {@code model.safetensors} (the best epoch by validation loss,
 *       or the last) and {@code last.safetensors} (with validation). Every file is written
 *       atomically.
 *   <li>Divergence ends the run with a {@link TrainingDivergedException} whose message names the
 *       checkpoint holding the last good weights (loadable as a model, and resumable with a lower
 *       learning rate).
 *   <li>A resumed run continues from the checkpoint to the same weights and the same {@code
 *       metrics.csv} rows as an uninterrupted one; it may change the settings marked {@link
 *       RunSetting#resumable()} and refuses the rest by name, refuses a corpus whose files
 *       changed unless {@link #allowChangedCorpus()}, and refuses a finished run unless given
 *       more epochs.
 * </ol>
 *
 * <p>Not thread-safe; {@link #run} once.
 */
public final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
  /** Below this many updates per epoch a run warns that it will learn little. */
  static final int MIN_UPDATES_PER_EPOCH = 20;

  private final RunPlan plan;
  private final Path resumeFolder;
  private final boolean learningRateChanged;
  private RunListener listener = new RunListener() {};
  private boolean withFolder = true;
  private boolean allowChangedCorpus;
  private TextSource text;
  private Vocabulary vocabulary;
  private java.util.function.Function<NetworkSpec, GradientEngine> engines;
  private RunOutput output;
  private Encoder encoder;

  /**
   * Reads and encodes a run's text elsewhere (on a cluster, for example) by the configuration's
   * rules: for a new run, with the tokenizer trained or created and the vocabulary counted as
   * {@link RunData#read} would; for a resumed run, with those its checkpoint holds.
   */
  @FunctionalInterface
  public interface Encoder {
    /**
     * @param tokenizer the resumed run's tokenizer, or null for a new run
     * @param vocabulary the resumed run's vocabulary, or null for a new run
     * @return the run's data (its training ids possibly held by the gradient engine: {@link
     *     dev.rnn4j.core.train.TrainingData#shapes})
     */
    RunData encode(dev.rnn4j.api.token.Tokenizer tokenizer, Vocabulary vocabulary);
  }

  private TrainingRun(RunPlan plan, Path resumeFolder, boolean learningRateChanged) {
    this.plan = plan;
    this.resumeFolder = resumeFolder;
    this.learningRateChanged = learningRateChanged;
  }

  /** @return a new run of {@code config} with the plugins on the class path */
  public static TrainingRun create(RunConfig config) {
    return create(config, Plugins.defaults());
  }

  /**
   * @return a new run of {@code config}, its plugins chosen from {@code plugins}
   * @throws RnnException for an unknown or unavailable plugin, a bad plugin option or schedule
   */
  public static TrainingRun create(RunConfig config, Plugins plugins) {
    return new TrainingRun(new RunPlan(config, plugins), null, false);
  }

  /**
   * @param folder a run folder written by a run (holding {@code config.json} and a checkpoint)
   * @param changes settings to change, by JSON key with JSON-typed values ({@code
   *     "epochs" -> 4L}); only {@link RunSetting#resumable()} ones may differ from the run's
   * @return the continuation of that run
   * @throws RnnException when {@code folder} is not a run folder, or naming every setting that
   *     cannot change
   */
  public static TrainingRun resume(Path folder, Map<String, Object> changes, Plugins plugins) {
    Path file = folder.resolve("config.json");
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new RnnException(folder + " is not a run folder (no config.json); give the folder "
          + "printed as 'run folder:' by the run to resume");
    }
    RunConfig saved;
    try {
      saved = RunConfig.fromJson(java.nio.file.Files.readString(file, StandardCharsets.UTF_8),
          file.toString(), RunConfig.defaults());
    } catch (java.io.IOException e) {
      throw new RnnException("cannot read " + file + ": " + e.getMessage());
    }
    RunConfig.Builder b = saved.toBuilder();
    List<String> refused = new ArrayList<>();
    boolean lrChanged = false;
    for (Map.Entry<String, Object> e : changes.entrySet()) {
      RunSetting<?> s = RunSetting.named(e.getKey());
      RunConfig changed = saved.toBuilder().set(e.getKey(), e.getValue()).build();
      boolean differs = !java.util.Objects.equals(s.get(changed), s.get(saved));
      if (differs && !s.resumable()) {
        refused.add(s.flag());
      }
      lrChanged |= differs && s.key().equals("learning_rate");
      b.set(e.getKey(), e.getValue());
    }
    if (!refused.isEmpty()) {
      List<String> allowed = new ArrayList<>();
      RunSetting.ALL.stream().filter(RunSetting::resumable).forEach(s -> allowed.add(s.flag()));
      throw new RnnException("a resumed run keeps its settings; cannot change " + String.join(", ", refused)
          + " (a resumed run may change " + String.join(", ", allowed) + ")");
    }
    return new TrainingRun(new RunPlan(b.build(), plugins), folder, lrChanged);
  }

  /** Sets the listener that follows the run (console progress, a log file). */
  public TrainingRun listener(RunListener l) {
    this.listener = l == null ? new RunListener() {} : l;
    return this;
  }

  /** Trains without a run folder: no file is written; for short runs and tests. */
  public TrainingRun withoutFolder() {
    if (resumeFolder != null) {
      throw new IllegalStateException("a resumed run has its folder");
    }
    this.withFolder = false;
    return this;
  }

  /** Trains on {@code source} instead of the configuration's {@code corpus} (text in memory). */
  public TrainingRun text(TextSource source) {
    this.text = source;
    return this;
  }

  /**
   * Computes every update's gradient with the engine {@code engines} makes for this run (a
   * distributed one, for example); the engine is closed when training ends. The weights are the
   * same as without it, for the same {@link RunConfig#shards()}.
   */
  public TrainingRun gradients(java.util.function.Function<NetworkSpec, GradientEngine> engines) {
    this.engines = java.util.Objects.requireNonNull(engines, "engines");
    return this;
  }

  /**
   * Uses {@code vocabulary} (counted elsewhere, for example on a cluster, by the configuration's
   * rules) instead of counting the text; only for a new run with a tokenizer that is not trained.
   */
  public TrainingRun vocabulary(Vocabulary vocabulary) {
    if (resumeFolder != null || plan.tokenizer.isTrainable()) {
      throw new IllegalStateException("a given vocabulary needs a new run and an untrained tokenizer");
    }
    this.vocabulary = java.util.Objects.requireNonNull(vocabulary, "vocabulary");
    return this;
  }

  /**
   * Keeps the run folder in {@code output} (a cluster file system, for example): the folder is
   * staged locally and every file is copied there when complete (see {@link RunOutput}); the
   * output is closed when the run ends. For a resumed run, the folder given to {@link #resume}
   * is the local copy of the output's folder.
   */
  public TrainingRun output(RunOutput output) {
    this.output = java.util.Objects.requireNonNull(output, "output");
    return this;
  }

  /**
   * Trains on {@code data}, read and encoded elsewhere (on a cluster, for example, by the
   * configuration's rules, its ids possibly held by the gradient engine: {@link
   * dev.rnn4j.core.train.TrainingData#shapes}) instead of reading the text; only for a new run.
   */
  public TrainingRun encoded(RunData data) {
    if (resumeFolder != null) {
      throw new IllegalStateException("a resumed run reads its text with its checkpoint's vocabulary");
    }
    java.util.Objects.requireNonNull(data, "data");
    this.encoder = (tokenizer, vocabulary) -> data;
    return this;
  }

  /**
   * Trains on the data {@code encoder} gives when the run starts, for a new or a resumed run,
   * instead of reading the text here.
   */
  public TrainingRun encodedBy(Encoder encoder) {
    this.encoder = java.util.Objects.requireNonNull(encoder, "encoder");
    return this;
  }

  /** Lets a resumed run read a corpus whose files changed since the run started. */
  public TrainingRun allowChangedCorpus() {
    this.allowChangedCorpus = true;
    return this;
  }

  /** @return the effective configuration (with a resumed run's changes) */
  public RunConfig config() {
    return plan.config;
  }

  /**
   * Reads the text, trains, and writes the run folder; see the class description.
   *
   * @throws RnnException for the user's mistakes (bad corpus, folder in use, divergence, ...)
   */
  public RunResult run() {
    try {
      return runIn();
    } finally {
      if (output != null) {
        output.close();
      }
    }
  }

  private RunResult runIn() {
    RunConfig c = plan.config;
    if (output == null && withFolder && resumeFolder == null && c.runs() != null
        && c.runs().matches("^[A-Za-z][A-Za-z0-9+.-]+:/.*")) {
      throw new RnnException("the run folders' place " + c.runs() + " is not on this machine's "
          + "file system; only training on Spark writes there (give a local folder to --runs)");
    }
    RunFolder folder = resumeFolder != null ? RunFolder.lock(resumeFolder) : null;
    try {
      Checkpoint.Opened checkpoint = folder == null ? null : openCheckpoint(folder);
      TextSource source = text != null || encoder != null ? text : TextSource.of(c.corpusPath());
      TextSource validation = c.validation() == null || encoder != null ? null
          : TextSource.of(Path.of(c.validation()));
      RunData data = encoder != null ? encoder.encode(
          checkpoint == null ? null : RunFiles.tokenizer(checkpoint, plan.tokenizer),
          checkpoint == null ? null : RunFiles.vocabulary(checkpoint)) : checkpoint == null
          ? RunData.read(source, validation, c, plan.tokenizer, null, vocabulary)
          : RunData.read(source, validation, c, plan.tokenizer, RunFiles.tokenizer(checkpoint, plan.tokenizer),
              RunFiles.vocabulary(checkpoint));
      plan.checkFits(data, Runtime.getRuntime().maxMemory());
      int updates = data.train().updatesPerEpoch(c.batch());
      if (updates < MIN_UPDATES_PER_EPOCH) {
        LOG.warn("the text gives only {} updates per epoch at batch {}; a model learns little from "
            + "so few: use a smaller batch, more epochs or more text", updates, c.batch());
      }
      listener.onData(data);
      List<Map<String, Object>> files = source == null || text != null ? List.of()
          : Provenance.files(c.corpusPath(), source.files());
      Map<String, String> provenance = Provenance.of(c, plan.ops, data.tokenizerName(), files);
      if (folder != null) {
        RunFiles.checkCorpus(folder, provenance, allowChangedCorpus);
      } else if (withFolder) {
        folder = RunFolder.create(output != null ? output.staging() : Path.of(c.runs()), c.name());
      }
      String location = null;
      if (folder != null) {
        location = output != null ? output.open(folder.dir()) : folder.dir().toAbsolutePath().toString();
        RunFiles.writeStart(folder, c, provenance, resumeFolder != null);
        publish(folder.file(RunFiles.CONFIG));
        if (resumeFolder == null) {
          publish(folder.file(RunFiles.PROVENANCE));
        }
        listener.onFolder(folder.dir(), location);
      }
      RunResult r = train(data, folder, checkpoint, provenance);
      if (output != null && folder != null) {
        publish(folder.file(MetricsLog.FILE_NAME));
        return new RunResult(r.model(), r.history(), null, null, r.bestEpoch(), location);
      }
      return r;
    } finally {
      if (folder != null) {
        folder.close();
      }
    }
  }

  /**
   * The engine of a local run with {@code shards} above 1 and more than one thread: the shards
   * are computed by as many threads (at most the shard count), each on a network of its own with
   * a one-thread backend, so the weights are those of the same run on one thread. Null otherwise
   * (the trainer then computes on the run's network and backend threads).
   */
  private GradientEngine threadedShards(int vocabSize) {
    RunConfig c = plan.config;
    int threads = Math.min(c.shards(),
        c.threads() != null ? c.threads() : Runtime.getRuntime().availableProcessors());
    if (threads < 2) {
      return null;
    }
    NetworkSpec one = new NetworkSpec(c.toBuilder().backend(plan.ops.name()).threads(1).build()
        .toJson(), vocabSize);
    return new ThreadedGradientEngine(one::newNetwork, threads);
  }

  private Checkpoint.Opened openCheckpoint(RunFolder folder) {
    Path file = folder.file(RunFiles.CHECKPOINT);
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new RnnException(folder.dir() + " has no " + RunFiles.CHECKPOINT + " to resume from");
    }
    Checkpoint.Opened opened = Checkpoint.open(file);
    RunConfig c = plan.config;
    if (opened.nextEpoch() > c.epochs()) {
      throw new RnnException("run " + folder.dir() + " has already trained all " + (opened.nextEpoch() - 1)
          + " epochs; give --epochs N with N > " + (opened.nextEpoch() - 1) + " to train more");
    }
    return opened;
  }

  private RunResult train(RunData data, RunFolder folder, Checkpoint.Opened checkpoint,
      Map<String, String> provenance) {
    RnnLanguageModel net = plan.network(data.vocabulary());
    Trainer trainer = new Trainer(net, plan.optimizer, plan.training, data.vocabulary().bosId(),
        data.vocabulary().eosId()).schedule(plan.schedule).lossReduction(plan.reduction)
        .shards(plan.config.shards());
    GradientEngine engine = engines != null
        ? engines.apply(new NetworkSpec(plan.config.toBuilder().backend(plan.ops.name()).build()
            .toJson(), data.vocabulary().size()))
        : threadedShards(data.vocabulary().size());
    if (engine != null) {
      trainer.gradients(engine);
    }
    if (data.validation() != null) {
      trainer.validation(data.validation());
    }
    if (learningRateChanged) {
      trainer.resumeLearningRate(plan.config.effectiveLearningRate());
    }
    Best best = new Best(data, net, provenance, folder, plan.plugins, this::publish);
    MetricsRecorder metrics = null;
    if (folder != null) {
      if (checkpoint != null) {
        MetricsLog.cut(folder.dir(), Long.parseLong(
            checkpoint.metadata().getOrDefault("metrics_bytes", String.valueOf(Long.MAX_VALUE))));
      }
      metrics = new MetricsRecorder(MetricsLog.open(folder.dir()), 0,
          plan.optimizer::learningRate, System::nanoTime);
      if (checkpoint != null) {
        metrics.restore(checkpoint.metadata());
        best.restore(checkpoint.metadata());
      }
      MetricsRecorder m = metrics;
      trainer.checkpoints(folder.file(RunFiles.CHECKPOINT), plan.config.checkpointEvery(),
          new dev.rnn4j.core.train.CheckpointAttachment() {
            @Override
            public Map<String, String> save() {
              Map<String, String> meta = new LinkedHashMap<>(m.state());
              meta.putAll(best.state());
              meta.putAll(ModelFile.metadata(best.model(List.of())));
              return meta;
            }

            @Override
            public void restore(Map<String, String> metadata) {
              // restored above, before the metrics file is reopened
            }

            @Override
            public void written(Path file) {
              publish(folder.file(MetricsLog.FILE_NAME)); // at least the length the checkpoint holds
              publish(file);
            }
          });
    }
    RunProgress progress = new RunProgress(listener, metrics, best);
    List<EpochStats> history;
    try {
      history = checkpoint != null ? trainer.resume(checkpoint, data.train(), progress)
          : trainer.fit(data.train(), progress);
    } catch (TrainingDivergedException e) {
      throw folder == null ? e : new TrainingDivergedException(e.getMessage()
          + (e.lastGoodUpdate() >= 0 ? "; continue from there with --resume " + folder.dir()
              + " --lr RATE" : ""), e.lastGoodUpdate());
    } finally {
      if (metrics != null) {
        metrics.close();
      }
      if (engine != null) {
        engine.close();
      }
    }
    return best.finish(history);
  }

  /** The best epoch by validation loss (or the last one), its weights and its files. */
  private static final class Best {
    private final RunData data;
    private final RnnLanguageModel net;
    private final Map<String, String> provenance;
    private final RunFolder folder;
    private final Plugins plugins;
    private final java.util.function.Consumer<Path> published;
    private double loss = Double.POSITIVE_INFINITY;
    private int epoch;
    private List<Tensor> weights;

    Best(RunData data, RnnLanguageModel net, Map<String, String> provenance, RunFolder folder,
        Plugins plugins, java.util.function.Consumer<Path> published) {
      this.plugins = plugins;
      this.published = published;
      this.data = data;
      this.net = net;
      this.provenance = provenance;
      this.folder = folder;
    }

    /** After each epoch: keeps and saves the weights when the validation loss improved. */
    void onEpoch(EpochStats s, List<EpochStats> history) {
      if (data.validation() == null || !(s.validationLoss() < loss)) {
        return;
      }
      loss = s.validationLoss();
      epoch = s.epoch();
      weights = new ArrayList<>();
      for (Parameter p : net.parameters()) {
        weights.add(p.value().copy());
      }
      if (folder != null) {
        ModelFile.save(model(history), folder.file(RunFiles.MODEL));
        published.accept(folder.file(RunFiles.MODEL));
      }
    }

    Map<String, String> state() {
      return Map.of("run_best_validation", Double.toString(loss), "run_best_epoch", Integer.toString(epoch));
    }

    void restore(Map<String, String> meta) {
      if (meta.containsKey("run_best_epoch")) {
        loss = Double.parseDouble(meta.get("run_best_validation"));
        epoch = Integer.parseInt(meta.get("run_best_epoch"));
        if (epoch > 0 && folder != null) { // the best weights are in model.safetensors
          LanguageModel saved = ModelFile.load(folder.file(RunFiles.MODEL), net.ops(), plugins);
          weights = new ArrayList<>();
          for (Parameter p : saved.network().parameters()) {
            weights.add(p.value());
          }
        }
      }
    }

    LanguageModel model(List<EpochStats> history) {
      Map<String, String> p = new LinkedHashMap<>(provenance);
      p.put("sequences", String.valueOf(data.sequences()));
      if (!history.isEmpty()) {
        EpochStats last = history.get(history.size() - 1);
        p.put("epochs_trained", String.valueOf(last.epoch()));
        p.put("final_loss_per_token", String.valueOf(last.meanLoss()));
        if (!Double.isNaN(last.validationLoss())) {
          p.put("final_validation_loss_per_token", String.valueOf(last.validationLoss()));
          p.put("best_epoch", String.valueOf(epoch));
          p.put("best_validation_loss_per_token", String.valueOf(loss));
        }
      }
      return new LanguageModel(net, data.vocabulary(), data.tokenizerName(),
          data.tokenizer().settings(), p);
    }

    RunResult finish(List<EpochStats> history) {
      int last = history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
      if (folder != null) {
        Path file = folder.file(weights == null ? RunFiles.MODEL : RunFiles.LAST);
        ModelFile.save(model(history), file);
        published.accept(file);
      }
      if (weights != null) { // hand out the best epoch, as model.safetensors holds it
        List<Parameter> params = net.parameters();
        for (int i = 0; i < params.size(); i++) {
          params.get(i).value().copyFrom(weights.get(i));
        }
      }
      LanguageModel model = model(history);
      LOG.info("run finished after epoch {}; the model is epoch {}", last, weights == null ? last : epoch);
      return new RunResult(model, history, folder == null ? null : folder.dir(),
          folder == null ? null : folder.file(RunFiles.MODEL), weights == null ? last : epoch);
    }
  }

  /** Relays progress to the metrics file, the best-model keeper and the user's listener. */
  private static final class RunProgress implements dev.rnn4j.core.train.TrainingListener {
    private final RunListener listener;
    private final MetricsRecorder metrics;
    private final Best best;
    private final List<EpochStats> history = new ArrayList<>();

    RunProgress(RunListener listener, MetricsRecorder metrics, Best best) {
      this.listener = listener;
      this.metrics = metrics;
      this.best = best;
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double loss, int tokens) {
      if (metrics != null) {
        metrics.onStep(epoch, step, stepsPerEpoch, loss, tokens);
      }
      listener.onStep(epoch, step, stepsPerEpoch, loss, tokens);
    }

    @Override
    public void onEpoch(EpochStats s) {
      history.add(s);
      if (metrics != null) {
        metrics.onEpoch(s);
        metrics.onValidation(s.epoch(), s.validationLoss());
      }
      best.onEpoch(s, history);
      listener.onEpoch(s);
    }
  }

  /** Hands a complete file of the run folder to the output, if there is one. */
  private void publish(Path file) {
    if (output != null && java.nio.file.Files.isRegularFile(file)) {
      output.publish(file);
    }
  }

  /** Writes {@code text} to {@code file} atomically. */
  static void writeText(Path file, String text) {
    AtomicFile.write(file, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
  }
}

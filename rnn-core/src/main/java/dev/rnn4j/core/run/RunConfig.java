package dev.rnn4j.core.run;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.RnnException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting of a training run, immutable and checked: the one configuration type of rnn4j.
 * The defaults are the builder's ({@link #defaults()}); the checks are this record's constructor,
 * so an instance that exists is valid (a {@link RnnException} names the setting otherwise). The
 * JSON form ({@link #fromJson}, {@link #toJson}) uses the {@code snake_case} keys listed in
 * {@link RunSetting#ALL}, which also gives each setting's command-line flag and help text.
 *
 * <pre>{@code
 * RunConfig config = RunConfig.builder().corpus("text.txt").tokenizer("char").epochs(2).build();
 * }</pre>
 *
 * @param corpus the training text: a UTF-8 file or a directory of {@code *.txt} files
 * @param validation held-out text (file or directory), or null
 * @param validationFraction the fraction of lines held out instead (seeded), in [0, 1)
 * @param mode {@code sentences} (each line a sequence) or {@code stream} (one text in windows)
 * @param seqLength window length in stream mode
 * @param tokenizer the tokenizer plugin name
 * @param tokenizerOptions its options
 * @param minCount tokens seen fewer times become {@code <unk>}
 * @param maxVocab keep at most this many tokens, specials included; 0 = all
 * @param cell the recurrent cell plugin name
 * @param cellOptions its options
 * @param layers stacked recurrent layers
 * @param hidden hidden units per layer
 * @param dtype {@code f32} or {@code f64}
 * @param dropout dropout probability between layers and before the output layer, in [0, 1)
 * @param variationalDropout the same dropout mask at every step of a sequence
 * @param tiedWeights the output weights are the input table (one parameter; elman only)
 * @param lossReduction {@code sum} (the classic model) or {@code mean} (per predicted token,
 *     as PyTorch's default)
 * @param optimizer the optimizer plugin name
 * @param optimizerOptions its options
 * @param learningRate the initial learning rate, or null for the default of {@link
 *     #effectiveLearningRate()}
 * @param schedule the learning-rate schedule ({@code constant}, {@code step:...}, {@code plateau:...})
 * @param clipValue clamp every gradient element to [-clipValue, clipValue]; 0 = off
 * @param clipNorm scale the gradients down when their global L2 norm exceeds it; 0 = off
 * @param bptt truncated BPTT: cut gradients every this many steps; 0 = full
 * @param batch sequences per update
 * @param shards the canonical shards of every batch (1 to batch): each shard's gradient is
 *     summed on its own and the shard sums are combined by a fixed pairwise tree, so any executor
 *     of the shards (in process, threads, Spark partitions) gives the same weights
 * @param epochs passes over the corpus
 * @param patience stop when the validation loss has not improved for this many epochs; 0 = never
 * @param backend the math backend plugin name, or null for the selection policy
 * @param threads threads the backend may use, or null for all processors
 * @param seed seed of the weights, the shuffling and the validation split
 * @param checkpointEvery also checkpoint every this many updates; 0 = after each epoch only
 * @param runs the directory under which run folders are created
 * @param name the run folder's name prefix
 */
public record RunConfig(
    String corpus, String validation, double validationFraction, String mode, int seqLength,
    String tokenizer, Map<String, String> tokenizerOptions, int minCount, int maxVocab,
    String cell, Map<String, String> cellOptions, int layers, int hidden, String dtype,
    double dropout, boolean variationalDropout, boolean tiedWeights, String lossReduction,
    String optimizer, Map<String, String> optimizerOptions, Double learningRate, String schedule,
    double clipValue, double clipNorm, int bptt, int batch, int shards, int epochs, int patience,
    String backend, Integer threads, long seed, int checkpointEvery, String runs, String name) {

  /** The most threads a run may ask for. */
  public static final int MAX_THREADS = dev.rnn4j.core.plugin.Plugins.MAX_THREADS;

  /** Checks every setting; the maps are copied and made unmodifiable. */
  public RunConfig {
    tokenizerOptions = frozen(tokenizerOptions);
    cellOptions = frozen(cellOptions);
    optimizerOptions = frozen(optimizerOptions);
    if (!"sentences".equals(mode) && !"stream".equals(mode)) {
      throw bad("mode", "must be sentences or stream, got '" + mode + "'");
    }
    atLeast("seq_length", seqLength, 1);
    requireName("tokenizer", tokenizer);
    atLeast("min_count", minCount, 1);
    atLeast("max_vocab", maxVocab, 0);
    if (maxVocab > 0 && maxVocab < 5) {
      throw bad("max_vocab", "must be 0 (all) or at least 5 (four specials and one token), got " + maxVocab);
    }
    requireName("cell", cell);
    atLeast("layers", layers, 1);
    atLeast("hidden", hidden, 1);
    DType.parse(dtype);
    if (!(dropout >= 0 && dropout < 1)) {
      throw bad("dropout", "must be in [0, 1) (0 = off), got " + dropout);
    }
    if (!"sum".equals(lossReduction) && !"mean".equals(lossReduction)) {
      throw bad("loss_reduction", "must be sum or mean, got '" + lossReduction + "'");
    }
    requireName("optimizer", optimizer);
    if (learningRate != null && (!(learningRate > 0) || !Double.isFinite(learningRate))) {
      throw bad("learning_rate", "must be a positive number, got " + learningRate);
    }
    requireName("schedule", schedule);
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw bad("validation_fraction", "must be in [0, 1), got " + validationFraction);
    }
    if (validation != null && validationFraction > 0) {
      throw new RnnException("give either 'validation' (a file) or 'validation_fraction', not both");
    }
    if (!(clipValue >= 0) || !Double.isFinite(clipValue)) {
      throw bad("clip_value", "must be >= 0 (0 = off), got " + clipValue);
    }
    if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
      throw bad("clip_norm", "must be >= 0 (0 = off), got " + clipNorm);
    }
    atLeast("bptt", bptt, 0);
    atLeast("batch", batch, 1);
    if (shards < 1 || shards > batch) {
      throw bad("shards", "must be between 1 and the batch (" + batch + "), got " + shards);
    }
    atLeast("epochs", epochs, 1);
    atLeast("patience", patience, 0);
    if (backend != null) {
      requireName("backend", backend);
    }
    if (threads != null && (threads < 1 || threads > MAX_THREADS)) {
      throw bad("threads", "must be between 1 and " + MAX_THREADS + ", got " + threads);
    }
    atLeast("checkpoint_every", checkpointEvery, 0);
    requireName("runs", runs);
    requireName("name", name);
    if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw bad("name", "must be a plain folder name (no '/', no leading '.'), got '" + name + "'");
    }
  }

  /** @return the defaults of every setting, without a corpus */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding this configuration's values */
  public Builder toBuilder() {
    Builder b = new Builder();
    for (RunSetting<?> s : RunSetting.ALL) {
      s.copy(this, b);
    }
    return b;
  }

  /**
   * Reads a configuration from JSON: each key is a setting of {@link RunSetting#ALL}; settings
   * not given keep the values of {@code base}.
   *
   * @param source named in messages (a file name)
   * @throws RnnException naming the key for an unknown or duplicate key, a value of the wrong type
   *     ({@code 1.5} for an integer, a string for a number) or an invalid value
   */
  public static RunConfig fromJson(String json, String source, RunConfig base) {
    return RunConfigJson.read(json, source, base);
  }

  /** @return this configuration as JSON (every key, one per line, in the order of {@link RunSetting#ALL}) */
  public String toJson() {
    return RunConfigJson.write(this);
  }

  /** @return the corpus as a path, or fails with the message users need when none is set */
  public Path corpusPath() {
    if (corpus == null || corpus.isBlank()) {
      throw new RnnException("no corpus: give --corpus FILE or \"corpus\" in the configuration file");
    }
    return Path.of(corpus);
  }

  /**
   * @return {@link #learningRate()}, or when it is null the default: {@code 0.002 * sqrt(batch)}
   *     for {@code adam} and {@code rmsprop} (char-rnn's 0.002 at batch 1, raised with the batch
   *     as the updates per epoch fall), {@code 0.02} for any other optimizer (the classic SGD rate)
   */
  public double effectiveLearningRate() {
    if (learningRate != null) {
      return learningRate;
    }
    return optimizer.equals("adam") || optimizer.equals("rmsprop") ? 0.002 * Math.sqrt(batch) : 0.02;
  }

  /** @return whether the text is one stream read in windows */
  public boolean isStream() {
    return "stream".equals(mode);
  }

  /** @return {@link #dtype()} parsed */
  public DType dataType() {
    return DType.parse(dtype);
  }

  private static Map<String, String> frozen(Map<String, String> m) {
    return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  private static RnnException bad(String key, String what) {
    return new RnnException("setting '" + key + "' " + what);
  }

  private static void atLeast(String key, int v, int min) {
    if (v < min) {
      throw bad(key, "must be at least " + min + ", got " + v);
    }
  }

  private static void requireName(String key, String v) {
    if (v == null || v.isBlank()) {
      throw bad(key, "must not be empty");
    }
  }

  /**
   * Collects settings; starts from the defaults. Not thread-safe; {@link #build()} checks
   * everything and may be called more than once.
   */
  public static final class Builder {
    private String corpus;
    private String validation;
    private double validationFraction = 0.0;
    private String mode = "sentences";
    private int seqLength = 50;
    private String tokenizer = "whitespace";
    private Map<String, String> tokenizerOptions = new LinkedHashMap<>();
    private int minCount = 1;
    private int maxVocab = 0;
    private String cell = "elman";
    private Map<String, String> cellOptions = new LinkedHashMap<>();
    private int layers = 1;
    private int hidden = 64;
    private String dtype = "f32";
    private double dropout = 0.0;
    private boolean variationalDropout = false;
    private boolean tiedWeights = false;
    private String lossReduction = "sum";
    private String optimizer = "adam";
    private Map<String, String> optimizerOptions = new LinkedHashMap<>();
    private Double learningRate;
    private String schedule = "constant";
    private double clipValue = 0.0;
    private double clipNorm = 5.0;
    private int bptt = 0;
    private int batch = 1;
    private int shards = 1;
    private int epochs = 10;
    private int patience = 0;
    private String backend;
    private Integer threads;
    private long seed = 42;
    private int checkpointEvery = 0;
    private String runs = "runs";
    private String name = "train";

    private Builder() {}

    /** @see RunConfig#corpus() */
    public Builder corpus(String v) { corpus = v; return this; }
    /** @see RunConfig#validation() */
    public Builder validation(String v) { validation = v; return this; }
    /** @see RunConfig#validationFraction() */
    public Builder validationFraction(double v) { validationFraction = v; return this; }
    /** @see RunConfig#mode() */
    public Builder mode(String v) { mode = v; return this; }
    /** @see RunConfig#seqLength() */
    public Builder seqLength(int v) { seqLength = v; return this; }
    /** @see RunConfig#tokenizer() */
    public Builder tokenizer(String v) { tokenizer = v; return this; }
    /** @see RunConfig#tokenizerOptions() */
    public Builder tokenizerOptions(Map<String, String> v) { tokenizerOptions = copy(v); return this; }
    /** @see RunConfig#minCount() */
    public Builder minCount(int v) { minCount = v; return this; }
    /** @see RunConfig#maxVocab() */
    public Builder maxVocab(int v) { maxVocab = v; return this; }
    /** @see RunConfig#cell() */
    public Builder cell(String v) { cell = v; return this; }
    /** @see RunConfig#cellOptions() */
    public Builder cellOptions(Map<String, String> v) { cellOptions = copy(v); return this; }
    /** @see RunConfig#layers() */
    public Builder layers(int v) { layers = v; return this; }
    /** @see RunConfig#hidden() */
    public Builder hidden(int v) { hidden = v; return this; }
    /** @see RunConfig#dtype() */
    public Builder dtype(String v) { dtype = v; return this; }
    /** @see RunConfig#dropout() */
    public Builder dropout(double v) { dropout = v; return this; }
    /** @see RunConfig#variationalDropout() */
    public Builder variationalDropout(boolean v) { variationalDropout = v; return this; }
    /** @see RunConfig#tiedWeights() */
    public Builder tiedWeights(boolean v) { tiedWeights = v; return this; }
    /** @see RunConfig#lossReduction() */
    public Builder lossReduction(String v) { lossReduction = v; return this; }
    /** @see RunConfig#optimizer() */
    public Builder optimizer(String v) { optimizer = v; return this; }
    /** @see RunConfig#optimizerOptions() */
    public Builder optimizerOptions(Map<String, String> v) { optimizerOptions = copy(v); return this; }
    /** @see RunConfig#learningRate() */
    public Builder learningRate(Double v) { learningRate = v; return this; }
    /** @see RunConfig#schedule() */
    public Builder schedule(String v) { schedule = v; return this; }
    /** @see RunConfig#clipValue() */
    public Builder clipValue(double v) { clipValue = v; return this; }
    /** @see RunConfig#clipNorm() */
    public Builder clipNorm(double v) { clipNorm = v; return this; }
    /** @see RunConfig#bptt() */
    public Builder bptt(int v) { bptt = v; return this; }
    /** @see RunConfig#batch() */
    public Builder batch(int v) { batch = v; return this; }
    /** @see RunConfig#shards() */
    public Builder shards(int v) { shards = v; return this; }
    /** @see RunConfig#epochs() */
    public Builder epochs(int v) { epochs = v; return this; }
    /** @see RunConfig#patience() */
    public Builder patience(int v) { patience = v; return this; }
    /** @see RunConfig#backend() */
    public Builder backend(String v) { backend = v; return this; }
    /** @see RunConfig#threads() */
    public Builder threads(Integer v) { threads = v; return this; }
    /** @see RunConfig#seed() */
    public Builder seed(long v) { seed = v; return this; }
    /** @see RunConfig#checkpointEvery() */
    public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }
    /** @see RunConfig#runs() */
    public Builder runs(String v) { runs = v; return this; }
    /** @see RunConfig#name() */
    public Builder name(String v) { name = v; return this; }

    /**
     * Sets the setting with JSON key {@code key} from its JSON value (a {@code Long}, {@code
     * Double}, {@code String}, {@code Boolean}, map or null).
     *
     * @throws RnnException naming the key when it is unknown or the value has the wrong type
     */
    public Builder set(String key, Object jsonValue) {
      RunSetting.named(key).setFromJson(this, jsonValue);
      return this;
    }

    /** @return the checked configuration */
    public RunConfig build() {
      return new RunConfig(corpus, validation, validationFraction, mode, seqLength, tokenizer,
          tokenizerOptions, minCount, maxVocab, cell, cellOptions, layers, hidden, dtype,
          dropout, variationalDropout, tiedWeights, lossReduction, optimizer, optimizerOptions, learningRate, schedule, clipValue, clipNorm, bptt, batch, shards,
          epochs, patience, backend, threads, seed, checkpointEvery, runs, name);
    }

    private static Map<String, String> copy(Map<String, String> v) {
      return v == null ? new LinkedHashMap<>() : new LinkedHashMap<>(Objects.requireNonNull(v));
    }
  }

  /** @return the defaults (no corpus) */
  public static RunConfig defaults() {
    return builder().build();
  }
}

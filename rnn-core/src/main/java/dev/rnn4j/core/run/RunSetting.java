package dev.rnn4j.core.run;

import dev.rnn4j.api.RnnException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One setting of {@link RunConfig}: its JSON key, command-line flag, help text, value type and
 * whether a resumed run may change it. {@link #ALL} lists every setting in the order of the JSON
 * form; front ends (the command line, a server, a Spark driver) bind their options through it, so
 * a setting is declared once. Immutable and thread-safe.
 *
 * @param <T> the Java type of the value
 */
public final class RunSetting<T> {
  /** The value types a setting can have. */
  public enum Kind {
    /** a string that may be null (absent). */
    TEXT,
    /** a 32-bit integer. */
    INT,
    /** a 32-bit integer that may be null (absent). */
    OPTIONAL_INT,
    /** a 64-bit integer. */
    LONG,
    /** a finite number. */
    NUMBER,
    /** a finite number that may be null (absent). */
    OPTIONAL_NUMBER,
    /** true or false. */
    BOOLEAN,
    /** string keys to string values (a plugin's options). */
    OPTIONS
  }

  private final String key;
  private final String flag;
  private final String label;
  private final String description;
  private final Kind kind;
  private final boolean resumable;
  private final Function<RunConfig, T> getter;
  private final BiConsumer<RunConfig.Builder, T> setter;

  private RunSetting(String key, String flag, String label, Kind kind, boolean resumable,
      String description, Function<RunConfig, T> getter, BiConsumer<RunConfig.Builder, T> setter) {
    this.key = key;
    this.flag = flag;
    this.label = label;
    this.kind = kind;
    this.resumable = resumable;
    this.description = description;
    this.getter = getter;
    this.setter = setter;
  }

  /** Every setting, in the order of {@link RunConfig#toJson()}. */
  public static final List<RunSetting<?>> ALL = List.of(
      make("corpus", "--corpus", "PATH", Kind.TEXT, false, "The corpus: a UTF-8 file or a directory of .txt files.",
          RunConfig::corpus, RunConfig.Builder::corpus),
      make("validation", "--validation", "PATH", Kind.TEXT, false, "Held-out text for the validation loss (file or directory).",
          RunConfig::validation, RunConfig.Builder::validation),
      make("validation_fraction", "--validation-fraction", "F", Kind.NUMBER, false,
          "Hold out this fraction of the lines instead (seeded).",
          RunConfig::validationFraction, RunConfig.Builder::validationFraction),
      make("mode", "--mode", "sentences|stream", Kind.TEXT, false,
          "sentences: each line a sequence; stream: the text as one stream in windows of --seq-length, state carried.",
          RunConfig::mode, RunConfig.Builder::mode),
      make("seq_length", "--seq-length", "T", Kind.INT, false, "Window length in stream mode.",
          RunConfig::seqLength, RunConfig.Builder::seqLength),
      make("tokenizer", "--tokenizer", "NAME", Kind.TEXT, false,
          "whitespace, char, pattern, chinese, bpe, or a plugin; see 'rnn4j env'.",
          RunConfig::tokenizer, RunConfig.Builder::tokenizer),
      make("tokenizer_options", "--tokenizer-option", "KEY=VALUE", Kind.OPTIONS, false,
          "A tokenizer setting, repeatable (graphemes=true, lowercase=true, vocab-size=2000 ...).",
          RunConfig::tokenizerOptions, RunConfig.Builder::tokenizerOptions),
      make("min_count", "--min-count", "N", Kind.INT, false, "Tokens seen fewer times become <unk>.",
          RunConfig::minCount, RunConfig.Builder::minCount),
      make("max_vocab", "--max-vocab", "N", Kind.INT, false, "Keep at most N tokens, specials included; 0 = all.",
          RunConfig::maxVocab, RunConfig.Builder::maxVocab),
      make("cell", "--cell", "NAME", Kind.TEXT, false, "Recurrent cell: elman, lstm, gru, or a plugin.",
          RunConfig::cell, RunConfig.Builder::cell),
      make("cell_options", "--cell-option", "KEY=VALUE", Kind.OPTIONS, false, "A cell setting, repeatable (e.g. activation=relu for elman).",
          RunConfig::cellOptions, RunConfig.Builder::cellOptions),
      make("layers", "--layers", "N", Kind.INT, false, "Stacked recurrent layers.",
          RunConfig::layers, RunConfig.Builder::layers),
      make("hidden", "--hidden", "N", Kind.INT, false, "Hidden units per layer.",
          RunConfig::hidden, RunConfig.Builder::hidden),
      make("dtype", "--dtype", "f32|f64", Kind.TEXT, false, "Precision.", RunConfig::dtype, RunConfig.Builder::dtype),
      make("dropout", "--dropout", "P", Kind.NUMBER, false,
          "Dropout probability between layers and before the output layer (Zaremba et al.); 0 = off.",
          RunConfig::dropout, RunConfig.Builder::dropout),
      make("variational_dropout", "--variational-dropout", "true|false", Kind.BOOLEAN, false,
          "The same dropout mask at every step of a sequence (Gal and Ghahramani).",
          RunConfig::variationalDropout, RunConfig.Builder::variationalDropout),
      make("tied_weights", "--tied-weights", "true|false", Kind.BOOLEAN, false,
          "One table for the input and output weights (Press and Wolf; elman only).",
          RunConfig::tiedWeights, RunConfig.Builder::tiedWeights),
      make("loss_reduction", "--loss-reduction", "sum|mean", Kind.TEXT, false,
          "sum: the classic summed loss; mean: per predicted token, as PyTorch's default.",
          RunConfig::lossReduction, RunConfig.Builder::lossReduction),
      make("optimizer", "--optimizer", "NAME", Kind.TEXT, false, "adam, sgd, adagrad, rmsprop, or a plugin.",
          RunConfig::optimizer, RunConfig.Builder::optimizer),
      make("optimizer_options", "--optimizer-option", "KEY=VALUE", Kind.OPTIONS, false,
          "An optimizer setting, repeatable (e.g. momentum=0.9, weight-decay=0.01).",
          RunConfig::optimizerOptions, RunConfig.Builder::optimizerOptions),
      make("learning_rate", "--lr", "RATE", Kind.OPTIONAL_NUMBER, true,
          "Learning rate (unset: 0.002 x sqrt(batch) for adam and rmsprop, 0.02 for the others).",
          RunConfig::learningRate, RunConfig.Builder::learningRate),
      make("schedule", "--schedule", "SPEC", Kind.TEXT,
          false, "Learning-rate schedule: constant, step:every=5,gamma=0.5, plateau:patience=1,factor=0.5.",
          RunConfig::schedule, RunConfig.Builder::schedule),
      make("clip_value", "--clip", "V", Kind.NUMBER, false, "Clamp every gradient element to [-V, V]; 0 = off.",
          RunConfig::clipValue, RunConfig.Builder::clipValue),
      make("clip_norm", "--clip-norm", "N", Kind.NUMBER, false,
          "Scale the gradients down when their global L2 norm exceeds N (as char-rnn); 0 = off.",
          RunConfig::clipNorm, RunConfig.Builder::clipNorm),
      make("bptt", "--bptt", "K", Kind.INT, false,
          "Truncated BPTT: carry the state but cut gradients every K steps; 0 = full.",
          RunConfig::bptt, RunConfig.Builder::bptt),
      make("batch", "--batch", "N", Kind.INT, false,
          "Sequences per update; sentences are padded, streams run in parallel.",
          RunConfig::batch, RunConfig.Builder::batch),
      make("shards", "--shards", "N", Kind.INT, false,
          "Canonical shards per batch (1 to batch): gradients summed per shard, then by a fixed tree; "
          + "the same N gives the same weights on Spark and locally with any --threads (the "
          + "threads compute shards at once).",
          RunConfig::shards, RunConfig.Builder::shards),
      make("epochs", "--epochs", "N", Kind.INT, true, "Passes over the corpus (on --resume: the new total).",
          RunConfig::epochs, RunConfig.Builder::epochs),
      make("patience", "--patience", "N", Kind.INT, true,
          "Stop when the validation loss has not improved for N epochs; 0 = never.",
          RunConfig::patience, RunConfig.Builder::patience),
      make("backend", "--backend", "NAME", Kind.TEXT, true,
          "Math backend (unset: rnn4j.backend, RNN4J_BACKEND, or the best available; see 'rnn4j env').",
          RunConfig::backend, RunConfig.Builder::backend),
      make("threads", "--threads", "N", Kind.OPTIONAL_INT, true,
          "Threads the backend may use (unset: all processors; 1 = no extra threads).",
          RunConfig::threads, RunConfig.Builder::threads),
      make("seed", "--seed", "N", Kind.LONG, false, "Seed of the weights, the shuffling and the validation split.",
          RunConfig::seed, RunConfig.Builder::seed),
      make("checkpoint_every", "--checkpoint-every", "N", Kind.INT, true,
          "Also checkpoint every N updates (a checkpoint is always written after each epoch).",
          RunConfig::checkpointEvery, RunConfig.Builder::checkpointEvery),
      make("runs", "--runs", "DIR", Kind.TEXT, false, "Where run folders are created.",
          RunConfig::runs, RunConfig.Builder::runs),
      make("name", "--name", "NAME", Kind.TEXT, false, "Name of the run folder (NAME-DATE).",
          RunConfig::name, RunConfig.Builder::name));

  /** @return the JSON key ({@code learning_rate}) */
  public String key() {
    return key;
  }

  /** @return the command-line flag ({@code --lr}) */
  public String flag() {
    return flag;
  }

  /** @return the placeholder of the value in help texts ({@code RATE}) */
  public String label() {
    return label;
  }

  /** @return one sentence for help texts, without the default */
  public String description() {
    return description;
  }

  /** @return the value type */
  public Kind kind() {
    return kind;
  }

  /** @return whether a resumed run may change this setting */
  public boolean resumable() {
    return resumable;
  }

  /** @return the value of this setting in {@code config} */
  public T get(RunConfig config) {
    return getter.apply(config);
  }

  /** @return the default value, as text for help ("unset" for an absent one) */
  public String defaultText() {
    Object v = get(RunConfig.defaults());
    return v == null ? "unset" : v instanceof Map && ((Map<?, ?>) v).isEmpty() ? "none" : String.valueOf(v);
  }

  /**
   * Sets this setting on {@code builder} from a value already of the right Java type (a {@code
   * Map<String, String>} for options); for binders that convert values themselves.
   *
   * @throws RnnException naming the setting when the value has another type
   */
  public void setValue(RunConfig.Builder builder, Object value) {
    setFromJson(builder, value instanceof Integer ? Long.valueOf((Integer) value) : value);
  }

  /** @return the setting with this JSON key; a {@link RnnException} listing the keys otherwise */
  public static RunSetting<?> named(String key) {
    for (RunSetting<?> s : ALL) {
      if (s.key.equals(key)) {
        return s;
      }
    }
    List<String> keys = new ArrayList<>();
    ALL.forEach(s -> keys.add(s.key));
    throw new RnnException("unknown setting '" + key + "'; allowed: " + String.join(", ", keys));
  }

  void copy(RunConfig from, RunConfig.Builder to) {
    setter.accept(to, getter.apply(from));
  }

  /** @return the value in {@code config} as a JSON value */
  Object toJson(RunConfig config) {
    Object v = getter.apply(config);
    return kind == Kind.INT || kind == Kind.OPTIONAL_INT ? (v == null ? null : Long.valueOf((Integer) v)) : v;
  }

  @SuppressWarnings("unchecked")
  void setFromJson(RunConfig.Builder builder, Object v) {
    setter.accept(builder, (T) convert(v));
  }

  private Object convert(Object v) {
    switch (kind) {
      case TEXT:
        if (v == null || v instanceof String) {
          return v;
        }
        throw wrongType(v, "a string");
      case INT:
      case OPTIONAL_INT:
        if (v == null && kind == Kind.OPTIONAL_INT) {
          return null;
        }
        if (v instanceof Long && (Long) v >= Integer.MIN_VALUE && (Long) v <= Integer.MAX_VALUE) {
          return (int) (long) (Long) v;
        }
        throw wrongType(v, "an integer");
      case LONG:
        if (v instanceof Long) {
          return v;
        }
        throw wrongType(v, "an integer");
      case NUMBER:
      case OPTIONAL_NUMBER:
        if (v == null && kind == Kind.OPTIONAL_NUMBER) {
          return null;
        }
        if (v instanceof Number && Double.isFinite(((Number) v).doubleValue())) {
          return ((Number) v).doubleValue();
        }
        throw wrongType(v, "a number");
      case BOOLEAN:
        if (v instanceof Boolean) {
          return v;
        }
        throw wrongType(v, "true or false");
      case OPTIONS:
        return options(v);
      default:
        throw new IllegalStateException(kind.toString());
    }
  }

  private Map<String, String> options(Object v) {
    if (v == null) {
      return new LinkedHashMap<>();
    }
    if (!(v instanceof Map)) {
      throw wrongType(v, "an object of KEY: VALUE settings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
      Object value = e.getValue();
      if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
        throw new RnnException("setting '" + key + "': option '" + e.getKey()
            + "' must be a string, number or boolean, got " + describe(value));
      }
      out.put(String.valueOf(e.getKey()), String.valueOf(value));
    }
    return out;
  }

  private RnnException wrongType(Object v, String expected) {
    return new RnnException("setting '" + key + "' must be " + expected + ", got " + describe(v));
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String) {
      return "the string \"" + v + "\"";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "a list";
    }
    return String.valueOf(v);
  }

  private static <T> RunSetting<T> make(String key, String flag, String label, Kind kind,
      boolean resumable, String description, Function<RunConfig, T> get,
      BiConsumer<RunConfig.Builder, T> set) {
    return new RunSetting<>(key, flag, label, kind, resumable, description, get, set);
  }
}

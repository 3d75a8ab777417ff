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
      text("corpus", "--corpus", "PATH", false, "The corpus: a UTF-8 file or a directory of .txt files.",
          RunConfig::corpus, RunConfig.Builder::corpus),
      text("validation", "--validation", "PATH", false, "Held-out text for the validation loss (file or directory).",
          RunConfig::validation, RunConfig.Builder::validation),
      number("validation_fraction", "--validation-fraction", "F", false,
          "Hold out this fraction of the lines instead (seeded).",
          RunConfig::validationFraction, RunConfig.Builder::validationFraction),
      text("mode", "--mode", "sentences|stream", false,
          "sentences: each line a sequence; stream: the text as one stream in windows of --seq-length, state carried.",
          RunConfig::mode, RunConfig.Builder::mode),
      integer("seq_length", "--seq-length", "T", false, "Window length in stream mode.",
          RunConfig::seqLength, RunConfig.Builder::seqLength),
      text("tokenizer", "--tokenizer", "NAME", false,
          "whitespace, char, pattern, chinese, bpe, or a plugin; see 'rnn4j env'.",
          RunConfig::tokenizer, RunConfig.Builder::tokenizer),
      options("tokenizer_options", "--tokenizer-option", false,
          "A tokenizer setting, repeatable (graphemes=true, lowercase=true, vocab-size=2000 ...).",
          RunConfig::tokenizerOptions, RunConfig.Builder::tokenizerOptions),
      integer("min_count", "--min-count", "N", false, "Tokens seen fewer times become <unk>.",
          RunConfig::minCount, RunConfig.Builder::minCount),
      integer("max_vocab", "--max-vocab", "N", false, "Keep at most N tokens, specials included; 0 = all.",
          RunConfig::maxVocab, RunConfig.Builder::maxVocab),
      text("cell", "--cell", "NAME", false, "Recurrent cell: elman, lstm, gru, or a plugin.",
          RunConfig::cell, RunConfig.Builder::cell),
      options("cell_options", "--cell-option", false, "A cell setting, repeatable (e.g. activation=relu for elman).",
          RunConfig::cellOptions, RunConfig.Builder::cellOptions),
      integer("layers", "--layers", "N", false, "Stacked recurrent layers.",
          RunConfig::layers, RunConfig.Builder::layers),
      integer("hidden", "--hidden", "N", false, "Hidden units per layer.",
          RunConfig::hidden, RunConfig.Builder::hidden),
      text("dtype", "--dtype", "f32|f64", false, "Precision.", RunConfig::dtype, RunConfig.Builder::dtype),
      number("dropout", "--dropout", "P", false,
          "Dropout probability between layers and before the output layer (Zaremba et al.); 0 = off.",
          RunConfig::dropout, RunConfig.Builder::dropout),
      make("variational_dropout", "--variational-dropout", "true|false", Kind.BOOLEAN, false,
          "The same dropout mask at every step of a sequence (Gal and Ghahramani).",
          RunConfig::variationalDropout, RunConfig.Builder::variationalDropout),
      make("tied_weights", "--tied-weights", "true|false", Kind.BOOLEAN, false,
          "One table for the input and output weights (Press and Wolf; elman only).",
          RunConfig::tiedWeights, RunConfig.Builder::tiedWeights),
      text("loss_reduction", "--loss-reduction", "sum|mean", false,
          "sum: the classic summed loss; mean: per predicted token, as PyTorch's default.",
          RunConfig::lossReduction, RunConfig.Builder::lossReduction),
      text("optimizer", "--optimizer", "NAME", false, "adam, sgd, adagrad, rmsprop, or a plugin.",
          RunConfig::optimizer, RunConfig.Builder::optimizer),
      options("optimizer_options", "--optimizer-option", false,
          "An optimizer setting, repeatable (e.g. momentum=0.9, weight-decay=0.01).",
          RunConfig::optimizerOptions, RunConfig.Builder::optimizerOptions),
      make("learning_rate", "--lr", "RATE", Kind.OPTIONAL_NUMBER, true,
          "Learning rate (unset: 0.002 x sqrt(batch) for adam and rmsprop, 0.02 for the others).",
          RunConfig::learningRate, RunConfig.Builder::learningRate),
      text("schedule", "--schedule", "SPEC",
          false, "Learning-rate schedule: constant, step:every=5,gamma=0.5, plateau:patience=1,factor=0.5.",
          RunConfig::schedule, RunConfig.Builder::schedule),
      number("clip_value", "--clip", "V", false, "Clamp every gradient element to [-V, V]; 0 = off.",
          RunConfig::clipValue, RunConfig.Builder::clipValue),
      number("clip_norm", "--clip-norm", "N", false,
          "Scale the gradients down when their global L2 norm exceeds N (as char-rnn); 0 = off.",
          RunConfig::clipNorm, RunConfig.Builder::clipNorm),
      integer("bptt", "--bptt", "K", false,
          "Truncated BPTT: carry the state but cut gradients every K steps; 0 = full.",
          RunConfig::bptt, RunConfig.Builder::bptt),
      integer("batch", "--batch", "N", false,
          "Sequences per update; sentences are padded, streams run in parallel.",
          RunConfig::batch, RunConfig.Builder::batch),
      integer("epochs", "--epochs", "N", true, "Passes over the corpus (on --resume: the new total).",
          RunConfig::epochs, RunConfig.Builder::epochs),
      integer("patience", "--patience", "N", true,
          "Stop when the validation loss has not improved for N epochs; 0 = never.",
          RunConfig::patience, RunConfig.Builder::patience),
      text("backend", "--backend", "NAME", true,
          "Math backend (unset: rnn4j.backend, RNN4J_BACKEND, or the best available; see 'rnn4j env').",
          RunConfig::backend, RunConfig.Builder::backend),
      optionalInteger("threads", "--threads", "N", true,
          "Threads the backend may use (unset: all processors; 1 = no extra threads).",
          RunConfig::threads, RunConfig.Builder::threads),
      longInteger("seed", "--seed", "N", false, "Seed of the weights, the shuffling and the validation split.",
          RunConfig::seed, RunConfig.Builder::seed),
      integer("checkpoint_every", "--checkpoint-every", "N", true,
          "Also checkpoint every N updates (a checkpoint is always written after each epoch).",
          RunConfig::checkpointEvery, RunConfig.Builder::checkpointEvery),
      text("runs", "--runs", "DIR", false, "Where run folders are created.",
          RunConfig::runs, RunConfig.Builder::runs),
      text("name", "--name", "NAME", false, "Name of the run folder (NAME-DATE).",
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

  private static RunSetting<String> text(String key, String flag, String label, boolean resumable,
      String description, Function<RunConfig, String> get, BiConsumer<RunConfig.Builder, String> set) {
    return make(key, flag, label, Kind.TEXT, resumable, description, get, set);
  }

  private static RunSetting<Integer> integer(String key, String flag, String label,
      boolean resumable, String description, Function<RunConfig, Integer> get,
      BiConsumer<RunConfig.Builder, Integer> set) {
    return make(key, flag, label, Kind.INT, resumable, description, get, set);
  }

  private static RunSetting<Integer> optionalInteger(String key, String flag, String label,
      boolean resumable, String description, Function<RunConfig, Integer> get,
      BiConsumer<RunConfig.Builder, Integer> set) {
    return make(key, flag, label, Kind.OPTIONAL_INT, resumable, description, get, set);
  }

  private static RunSetting<Long> longInteger(String key, String flag, String label,
      boolean resumable, String description, Function<RunConfig, Long> get,
      BiConsumer<RunConfig.Builder, Long> set) {
    return make(key, flag, label, Kind.LONG, resumable, description, get, set);
  }

  private static RunSetting<Double> number(String key, String flag, String label,
      boolean resumable, String description, Function<RunConfig, Double> get,
      BiConsumer<RunConfig.Builder, Double> set) {
    return make(key, flag, label, Kind.NUMBER, resumable, description, get, set);
  }

  private static RunSetting<Map<String, String>> options(String key, String flag, boolean resumable,
      String description, Function<RunConfig, Map<String, String>> get,
      BiConsumer<RunConfig.Builder, Map<String, String>> set) {
    return make(key, flag, "KEY=VALUE", Kind.OPTIONS, resumable, description, get, set);
  }
}

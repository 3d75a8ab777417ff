package dev.rnn4j.core.io;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.Rnn4j;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Model files: a {@link LanguageModel} as one safetensors file. Every parameter is a tensor under
 * its own name ({@code layers.0.Ut} = U transposed {@code [vocab, hidden]}, {@code layers.0.W},
 * {@code layers.0.bx}, {@code V} (absent when tied), {@code by}); everything else is JSON text in {@code
 * __metadata__}: {@code format} ({@code rnn4j-model}), {@code format_version}, {@code config},
 * {@code vocabulary}, {@code tokenizer}, {@code tokenizer_settings}, {@code provenance}. In Python:
 * {@code safetensors.numpy.load_file(path)["layers.0.Ut"].T} is U.
 */
public final class ModelFile {
  /** The value of the {@code format} metadata key. */
  public static final String FORMAT = "rnn4j-model";
  /** The current format version. */
  public static final String FORMAT_VERSION = "1";
  /**
   * The {@code format} of a training checkpoint, which {@link #load} also reads: its weights are
   * the {@code param/NAME} tensors, its other metadata as in a model file.
   */
  public static final String CHECKPOINT_FORMAT = "rnn4j-checkpoint";
  /** The model file a finished training run writes in its run folder. */
  public static final String RUN_MODEL = "model.safetensors";
  /** The checkpoint a training run keeps in its run folder while it runs. */
  public static final String RUN_CHECKPOINT = "checkpoint.safetensors";

  private ModelFile() {}

  /** Writes {@code model} to {@code path} atomically (a temporary file, then a rename). */
  public static void save(LanguageModel model, Path path) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Parameter p : model.network().parameters()) {
      tensors.put(p.name(), p.value());
    }
    SafeTensors.write(path, tensors, metadata(model));
  }

  /**
   * @return the metadata of a model file for {@code model} ({@code format}, {@code
   *     format_version}, {@code config}, {@code vocabulary}, {@code tokenizer}, {@code
   *     tokenizer_settings}, {@code provenance}); a training checkpoint carries the same entries
   *     (its own {@code format} aside) so that it loads as a model
   */
  public static Map<String, String> metadata(LanguageModel model) {
    RnnLanguageModel net = model.network();
    ModelConfig c = net.config();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("vocab_size", (long) c.vocabSize());
    config.put("hidden_size", (long) c.hiddenSize());
    config.put("layers", (long) c.layers());
    config.put("cell", c.cell());
    config.put("cell_options", c.cellOptions().asMap());
    config.put("dtype", c.dtype().key());
    config.put("dropout", c.dropout());
    config.put("variational_dropout", c.variationalDropout());
    config.put("tied_weights", c.tiedWeights());
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("format_version", FORMAT_VERSION);
    meta.put("config", Json.write(config));
    meta.put("vocabulary", Json.write(model.vocabulary().tokens()));
    meta.put("tokenizer", model.tokenizer());
    meta.put("tokenizer_settings", Json.write(model.tokenizerSettings().asMap()));
    Map<String, String> prov = new LinkedHashMap<>(model.provenance());
    prov.putIfAbsent("rnn4j_version", Rnn4j.version());
    prov.putIfAbsent("java_version", System.getProperty("java.version"));
    prov.putIfAbsent("backend", net.ops().name());
    meta.put("provenance", Json.write(prov));
    return meta;
  }

  /**
   * Reads a model file and rebuilds the model on {@code ops}. Besides what {@link
   * SafeTensors#read} checks (layout, checksums, finite values), every field is checked against
   * the others before anything large is allocated: the configuration against the tensor shapes,
   * the vocabulary against {@code config.vocab_size}, the tokenizer settings by re-creating the
   * tokenizer (when its plugin is present) and the vocabulary against what that tokenizer can
   * produce.
   *
   * @param plugins where the cell and tokenizer providers named in the file are looked up
   * @throws RnnException naming the file and the field if it is missing, damaged, not an rnn4j
   *     model, or its fields disagree
   */
  public static LanguageModel load(Path path, TensorOps ops, Plugins plugins) {
    return loadFile(inRunFolder(path), ops, plugins);
  }

  /**
   * The file {@link #load} reads for {@code path}: {@code path} itself, or, when it is a folder
   * (the run folder {@code rnn4j train} prints), the {@link #RUN_MODEL} the run wrote in it.
   *
   * @throws RnnException when {@code path} is a folder without that file (naming the checkpoint
   *     and {@code --resume} when the run was stopped before it finished)
   */
  private static Path inRunFolder(Path path) {
    if (!Files.isDirectory(path)) {
      return path;
    }
    Path model = path.resolve(RUN_MODEL);
    if (Files.isRegularFile(model)) {
      return model;
    }
    if (Files.isRegularFile(path.resolve(RUN_CHECKPOINT))) {
      throw new RnnException(path + " is a run folder without " + RUN_MODEL + " (the run stopped "
          + "before it finished): resume it with 'rnn4j train --resume " + path + "', or name its "
          + RUN_CHECKPOINT);
    }
    throw new RnnException(path + " is a folder without " + RUN_MODEL + "; name a model file "
        + "(.safetensors) or the run folder of a finished run");
  }

  private static LanguageModel loadFile(Path path, TensorOps ops, Plugins plugins) {
    SafeTensors.Contents contents = SafeTensors.read(path);
    Map<String, String> meta = contents.metadata();
    boolean checkpoint = CHECKPOINT_FORMAT.equals(meta.get("format"));
    if (checkpoint && !meta.containsKey("config")) {
      throw new RnnException(path + " is a training checkpoint without the model's vocabulary "
          + "(written by an older rnn4j); resume the run to write a model file");
    }
    if (!checkpoint && !FORMAT.equals(meta.get("format"))) {
      throw new RnnException(path + " is a safetensors file but not an rnn4j model (no format="
          + FORMAT + " in its metadata)");
    }
    if (!FORMAT_VERSION.equals(meta.get("format_version"))) {
      throw new RnnException(path + " has model format version "
          + Messages.shorten(String.valueOf(meta.get("format_version"))) + "; this rnn4j reads version "
          + FORMAT_VERSION);
    }
    ModelConfig mc = config(path, meta);
    Map<String, Tensor> tensors = checkpoint ? parameters(contents.tensors()) : contents.tensors();
    ModelFileChecks.shapesFitConfig(path, mc, tensors);
    Vocabulary vocab = ModelFileChecks.vocabulary(path, field(path, meta, "vocabulary", List.class), mc);
    Map<String, String> tokSettings = stringMap(path, "tokenizer_settings",
        field(path, meta, "tokenizer_settings", Map.class));
    Map<String, String> provenance = stringMap(path, "provenance", field(path, meta, "provenance", Map.class));
    String tokenizer = ModelFileChecks.name(path, "metadata 'tokenizer'",
        meta.getOrDefault("tokenizer", "whitespace"));
    ModelFileChecks.tokenizer(path, plugins, tokenizer, Options.of(tokSettings), vocab);
    RnnLanguageModel net = network(path, mc, ops, plugins);
    for (Parameter p : net.parameters()) {
      Tensor t = tensors.get(p.name());
      if (t == null) {
        throw new RnnException(path + " lacks the tensor '" + p.name() + "' its configuration needs");
      }
      if (t.dtype() != p.value().dtype() || !java.util.Arrays.equals(t.shape(), p.value().shape())) {
        throw new RnnException(path + ": tensor '" + p.name() + "' is " + t.describe()
            + " but the configuration needs " + p.value().describe());
      }
      p.value().copyFrom(t);
    }
    if (tensors.size() != net.parameters().size()) {
      throw new RnnException(path + " has tensors the configuration does not use: expected "
          + net.parameters().size() + ", found " + tensors.size());
    }
    return new LanguageModel(net, vocab, tokenizer, Options.of(tokSettings), provenance);
  }

  /** @return a checkpoint's {@code param/NAME} tensors under their plain names */
  private static Map<String, Tensor> parameters(Map<String, Tensor> all) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    all.forEach((k, v) -> {
      if (k.startsWith("param/")) {
        out.put(k.substring("param/".length()), v);
      }
    });
    return out;
  }

  private static ModelConfig config(Path path, Map<String, String> meta) {
    Map<?, ?> config = (Map<?, ?>) field(path, meta, "config", Map.class);
    try {
      return new ModelConfig(intOf(path, config, "vocab_size"), intOf(path, config, "hidden_size"),
          intOf(path, config, "layers"), ModelFileChecks.name(path, "config 'cell'", config.get("cell")),
          Options.of(stringMap(path, "config.cell_options", config.get("cell_options"))),
          DType.parse(ModelFileChecks.name(path, "config 'dtype'", config.get("dtype"))),
          numberOf(path, config, "dropout", 0), flagOf(path, config, "variational_dropout"),
          flagOf(path, config, "tied_weights"));
    } catch (RnnException e) {
      throw new RnnException(path + " has an invalid configuration: " + Messages.oneLine(e.getMessage()));
    }
  }

  private static RnnLanguageModel network(Path path, ModelConfig mc, TensorOps ops, Plugins plugins) {
    try {
      CellProvider cell = plugins.select(plugins.cells(), mc.cell());
      return new RnnLanguageModel(mc, ops, cell,
          plugins.select(plugins.losses(), null).create(ops, Options.empty()), new SplittableRandom(0));
    } catch (RnnException e) {
      throw new RnnException(path + ": config 'cell' / 'cell_options': " + Messages.oneLine(e.getMessage()));
    }
  }

  private static Object field(Path path, Map<String, String> meta, String key, Class<?> type) {
    String text = meta.get(key);
    if (text == null) {
      throw new RnnException(path + " lacks the metadata '" + key + "'");
    }
    Object v;
    try {
      v = Json.parse(text);
    } catch (Json.JsonException e) {
      throw new RnnException(path + ": metadata '" + key + "' is not valid JSON (" + e.getMessage() + ")");
    }
    if (!type.isInstance(v)) {
      throw new RnnException(path + ": metadata '" + key + "' is not a JSON "
          + (type == Map.class ? "object" : "array"));
    }
    return v;
  }

  private static int intOf(Path path, Map<?, ?> config, String key) {
    Object v = config.get(key);
    if (!(v instanceof Long) || (Long) v > Integer.MAX_VALUE || (Long) v < 0) {
      throw new RnnException(path + ": config '" + key + "' is missing or not a valid integer");
    }
    return (int) (long) (Long) v;
  }

  /** @return the number under {@code key}, {@code absent} in files written before it existed */
  private static double numberOf(Path path, Map<?, ?> config, String key, double absent) {
    Object v = config.get(key);
    if (v == null) {
      return absent;
    }
    if (!(v instanceof Number)) {
      throw new RnnException(path + ": config '" + key + "' is not a number");
    }
    return ((Number) v).doubleValue();
  }

  /** @return the boolean under {@code key}, false in files written before it existed */
  private static boolean flagOf(Path path, Map<?, ?> config, String key) {
    Object v = config.get(key);
    if (v != null && !(v instanceof Boolean)) {
      throw new RnnException(path + ": config '" + key + "' is not true or false");
    }
    return Boolean.TRUE.equals(v);
  }

  private static Map<String, String> stringMap(Path path, String field, Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    if (o == null) {
      return out;
    }
    if (!(o instanceof Map)) {
      throw new RnnException(path + ": '" + field + "' is not a JSON object of settings");
    }
    for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
      if (e.getValue() instanceof Map || e.getValue() instanceof List) {
        throw new RnnException(path + ": '" + field + "' entry '" + Messages.shorten(String.valueOf(e.getKey()))
            + "' is not a string, number, boolean or null");
      }
      out.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
    }
    return out;
  }
}

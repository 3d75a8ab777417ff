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
import java.nio.file.Path;
import java.util.ArrayList;
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
   * Reads a model file and rebuilds the model on {@code ops}.
   *
   * @param plugins where the cell provider named in the file is looked up
   * @throws RnnException naming the file and the problem if it is missing, corrupted, not an
   *     rnn4j model, or its tensors do not match its configuration
   */
  public static LanguageModel load(Path path, TensorOps ops, Plugins plugins) {
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
      throw new RnnException(path + " has model format version " + meta.get("format_version")
          + "; this rnn4j reads version " + FORMAT_VERSION);
    }
    Map<?, ?> config = (Map<?, ?>) field(path, meta, "config", Map.class);
    ModelConfig mc;
    try {
      mc = new ModelConfig(intOf(path, config, "vocab_size"), intOf(path, config, "hidden_size"),
          intOf(path, config, "layers"), String.valueOf(config.get("cell")),
          Options.of(stringMap(path, config.get("cell_options"))),
          DType.parse(String.valueOf(config.get("dtype"))),
          numberOf(path, config, "dropout", 0), flagOf(path, config, "variational_dropout"),
          flagOf(path, config, "tied_weights"));
    } catch (RnnException e) {
      throw new RnnException(path + " has an invalid configuration: " + e.getMessage());
    }
    List<String> tokens = new ArrayList<>();
    for (Object o : (List<?>) field(path, meta, "vocabulary", List.class)) {
      tokens.add(String.valueOf(o));
    }
    Vocabulary vocab = Vocabulary.of(tokens);
    Map<String, String> tokSettings = stringMap(path, field(path, meta, "tokenizer_settings", Map.class));
    Map<String, String> provenance = stringMap(path, field(path, meta, "provenance", Map.class));
    CellProvider cell = plugins.select(plugins.cells(), mc.cell());
    RnnLanguageModel net = new RnnLanguageModel(mc, ops, cell,
        plugins.select(plugins.losses(), null).create(ops, Options.empty()), new SplittableRandom(0));
    Map<String, Tensor> tensors = checkpoint ? parameters(contents.tensors()) : contents.tensors();
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
    String tokenizer = meta.getOrDefault("tokenizer", "whitespace");
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
      throw new RnnException(path + ": metadata '" + key + "' has the wrong form");
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

  private static Map<String, String> stringMap(Path path, Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    if (o == null) {
      return out;
    }
    if (!(o instanceof Map)) {
      throw new RnnException(path + ": expected a JSON object of settings");
    }
    for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
      out.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
    }
    return out;
  }
}

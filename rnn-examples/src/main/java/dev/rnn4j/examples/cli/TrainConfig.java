package dev.rnn4j.examples.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.rnn4j.api.DType;
import dev.rnn4j.api.RnnException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every training setting, as read from a JSON configuration file ({@code snake_case} keys) and
 * overridden by command-line flags. {@code null} means "not set": the default applies. Written
 * into each run folder as {@code config.json} (the effective configuration).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder(alphabetic = false)
public final class TrainConfig {
  // data
  public String corpus;
  public String validation;
  public Double validationFraction;
  public String mode;
  public Integer seqLength;
  // tokens
  public String tokenizer;
  public Map<String, String> tokenizerOptions;
  public Integer minCount;
  public Integer maxVocab;
  // model
  public String cell;
  public Map<String, String> cellOptions;
  public Integer layers;
  public Integer hidden;
  public String dtype;
  // optimisation
  public String optimizer;
  public Map<String, String> optimizerOptions;
  public Double learningRate;
  public String schedule;
  public Double clipValue;
  public Double clipNorm;
  public Integer bptt;
  public Integer batch;
  public Integer epochs;
  public Integer patience;
  // machine and bookkeeping
  public String backend;
  public Integer threads;
  public Long seed;
  public Integer checkpointEvery;
  public String runs;
  public String name;

  static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** @return the defaults of every setting (what {@code --print-config} shows when nothing is set) */
  static TrainConfig defaults() {
    TrainConfig c = new TrainConfig();
    c.validationFraction = 0.0;
    c.mode = "sentences";
    c.seqLength = 50;
    c.tokenizer = "whitespace";
    c.tokenizerOptions = new LinkedHashMap<>();
    c.minCount = 1;
    c.maxVocab = 0;
    c.cell = "elman";
    c.cellOptions = new LinkedHashMap<>();
    c.layers = 1;
    c.hidden = 64;
    c.dtype = "f32";
    c.optimizer = "sgd";
    c.optimizerOptions = new LinkedHashMap<>();
    c.learningRate = 0.02;
    c.schedule = "constant";
    c.clipValue = 0.0;
    c.clipNorm = 0.0;
    c.bptt = 0;
    c.batch = 1;
    c.epochs = 10;
    c.patience = 0;
    c.seed = 42L;
    c.checkpointEvery = 0;
    c.runs = "runs";
    c.name = "train";
    return c;
  }

  /**
   * Reads a configuration file.
   *
   * @throws RnnException naming an unknown key (with the allowed ones) or a bad value
   */
  static TrainConfig read(Path file) {
    try {
      return MAPPER.readValue(file.toFile(), TrainConfig.class);
    } catch (UnrecognizedPropertyException e) {
      TreeSet<String> known = new TreeSet<>();
      e.getKnownPropertyIds().forEach(o -> known.add(String.valueOf(o)));
      throw new RnnException(file + ": unknown setting '" + e.getPropertyName() + "'; allowed: "
          + String.join(", ", known));
    } catch (InvalidFormatException e) {
      throw new RnnException(file + ": bad value " + e.getValue() + " for '" + path(e)
          + "' (expected " + e.getTargetType().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ")");
    } catch (JsonProcessingException e) {
      throw new RnnException(file + " is not a valid configuration: " + e.getOriginalMessage()
          + " (line " + e.getLocation().getLineNr() + ")");
    } catch (IOException e) {
      if (e instanceof NoSuchFileException || !file.toFile().exists()) {
        throw new RnnException("configuration file " + file + " does not exist");
      }
      throw new RnnException("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String path(JsonProcessingException e) {
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException) {
      var p = ((com.fasterxml.jackson.databind.JsonMappingException) e).getPath();
      if (!p.isEmpty()) {
        return p.get(p.size() - 1).getFieldName();
      }
    }
    return "?";
  }

  /** @return a copy where every setting set in {@code over} replaces the one here */
  TrainConfig overriddenBy(TrainConfig over) {
    var type = new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {};
    Map<String, Object> base = MAPPER.convertValue(this, type);
    Map<String, Object> top = MAPPER.convertValue(over, type);
    base.putAll(top);
    return MAPPER.convertValue(base, TrainConfig.class);
  }

  /**
   * Checks every value a user can get wrong, with one message naming the key and the allowed
   * values. Call on the effective configuration (defaults filled in).
   */
  void validate() {
    if (corpus == null || corpus.isBlank()) {
      throw new RnnException("no corpus: give --corpus FILE or \"corpus\" in the configuration file");
    }
    if (!"sentences".equals(mode) && !"stream".equals(mode)) {
      throw new RnnException("setting 'mode' must be sentences or stream, got '" + mode + "'");
    }
    positive("hidden", hidden);
    positive("layers", layers);
    positive("epochs", epochs);
    positive("batch", batch);
    positive("seq_length", seqLength);
    positive("min_count", minCount);
    nonNegative("max_vocab", maxVocab);
    nonNegative("bptt", bptt);
    nonNegative("patience", patience);
    nonNegative("checkpoint_every", checkpointEvery);
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new RnnException("setting 'learning_rate' must be a positive number, got " + learningRate);
    }
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new RnnException("setting 'validation_fraction' must be in [0, 1), got " + validationFraction);
    }
    if (validation != null && validationFraction > 0) {
      throw new RnnException("give either 'validation' (a file) or 'validation_fraction', not both");
    }
    if (clipValue < 0 || clipNorm < 0) {
      throw new RnnException("settings 'clip_value' and 'clip_norm' must be >= 0 (0 = off)");
    }
    if (threads != null && threads < 1) {
      throw new RnnException("setting 'threads' must be at least 1, got " + threads);
    }
    DType.parse(dtype);
  }

  private static void positive(String key, Integer v) {
    if (v == null || v < 1) {
      throw new RnnException("setting '" + key + "' must be at least 1, got " + v);
    }
  }

  private static void nonNegative(String key, Integer v) {
    if (v == null || v < 0) {
      throw new RnnException("setting '" + key + "' must be >= 0, got " + v);
    }
  }

  /** @return the configuration as JSON text */
  String toJson() {
    try {
      return MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

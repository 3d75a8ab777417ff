package dev.rnn4j.core.run;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.io.Json;
import dev.rnn4j.core.io.ModelFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The names of a run folder's files, and the ones written when a run starts. */
final class RunFiles {
  static final String CONFIG = "config.json";
  static final String PROVENANCE = "provenance.json";
  static final String CHECKPOINT = ModelFile.RUN_CHECKPOINT;
  static final String MODEL = ModelFile.RUN_MODEL;
  static final String LAST = "last.safetensors";

  private RunFiles() {}

  /** Writes {@code config.json} (the effective configuration) and, for a new run, {@code provenance.json}. */
  static void writeStart(RunFolder folder, RunConfig c, Map<String, String> provenance, boolean resumed) {
    TrainingRun.writeText(folder.file(CONFIG), c.toJson());
    if (!resumed) {
      TrainingRun.writeText(folder.file(PROVENANCE), Json.write(new LinkedHashMap<>(provenance)) + "\n");
    }
  }

  /**
   * Refuses a resumed run whose corpus files differ (names, sizes or SHA-256) from those the run
   * started with, unless {@code allowed}.
   */
  static void checkCorpus(RunFolder folder, Map<String, String> now, boolean allowed) {
    Path file = folder.file(PROVENANCE);
    if (allowed || !Files.isRegularFile(file)) {
      return;
    }
    Object before;
    try {
      before = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      throw new RnnException("cannot read " + file + ": " + e.getMessage());
    }
    Object was = before instanceof Map ? ((Map<?, ?>) before).get("corpus") : null;
    if (was != null && !was.equals(now.get("corpus"))) {
      throw new RnnException("the corpus changed since run " + folder.dir() + " started (its files, sizes "
          + "or SHA-256 differ from provenance.json); resuming would not give the same model. "
          + "Resume with --allow-changed-corpus to train on the new text anyway");
    }
  }

  /** @return the vocabulary a checkpoint's run started with */
  static dev.rnn4j.api.token.Vocabulary vocabulary(dev.rnn4j.core.train.Checkpoint.Opened checkpoint) {
    Object v = parse(checkpoint, "vocabulary");
    if (!(v instanceof java.util.List)) {
      throw new RnnException(checkpoint.file() + " lacks the run's vocabulary (metadata 'vocabulary')");
    }
    java.util.List<String> tokens = new java.util.ArrayList<>();
    for (Object o : (java.util.List<?>) v) {
      tokens.add(String.valueOf(o));
    }
    return dev.rnn4j.api.token.Vocabulary.of(tokens);
  }

  /** @return the tokenizer a checkpoint's run trained with, re-created from its settings */
  static dev.rnn4j.api.token.Tokenizer tokenizer(dev.rnn4j.core.train.Checkpoint.Opened checkpoint,
      dev.rnn4j.api.token.TokenizerProvider provider) {
    Object v = parse(checkpoint, "tokenizer_settings");
    if (!(v instanceof Map)) {
      throw new RnnException(checkpoint.file() + " lacks the run's tokenizer settings");
    }
    Map<String, String> settings = new LinkedHashMap<>();
    ((Map<?, ?>) v).forEach((k, x) -> settings.put(String.valueOf(k), String.valueOf(x)));
    return provider.create(dev.rnn4j.api.Options.of(settings));
  }

  private static Object parse(dev.rnn4j.core.train.Checkpoint.Opened checkpoint, String key) {
    String text = checkpoint.metadata().get(key);
    try {
      return text == null ? null : Json.parse(text);
    } catch (RuntimeException e) {
      throw new RnnException(checkpoint.file() + ": metadata '" + key + "' is not valid JSON");
    }
  }
}

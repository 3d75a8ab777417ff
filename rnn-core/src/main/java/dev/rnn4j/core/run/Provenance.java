package dev.rnn4j.core.run;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.Rnn4j;
import dev.rnn4j.core.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model was made, as recorded in its file and in {@code provenance.json}: the rnn4j
 * version, Java vendor and version, operating system and architecture, the backend with its
 * vector width and threads, the seed, tokenizer and cell with their options, and each corpus
 * file by name (relative to the corpus, never an absolute path), size and SHA-256.
 */
final class Provenance {
  private Provenance() {}

  /** @return the facts known before training (values are strings; lists and maps as JSON) */
  static Map<String, String> of(RunConfig c, TensorOps ops, String tokenizer,
      List<Map<String, Object>> corpus) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("rnn4j_version", Rnn4j.version());
    p.put("java_vendor", System.getProperty("java.vendor"));
    p.put("java_version", System.getProperty("java.version"));
    p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    p.put("arch", System.getProperty("os.arch"));
    p.put("backend", ops.name());
    p.put("backend_detail", ops.toString());
    p.put("threads", String.valueOf(c.threads() != null ? c.threads()
        : Runtime.getRuntime().availableProcessors()));
    p.put("seed", String.valueOf(c.seed()));
    p.put("tokenizer", tokenizer);
    p.put("tokenizer_options", Json.write(c.tokenizerOptions()));
    p.put("cell", c.cell());
    p.put("cell_options", Json.write(c.cellOptions()));
    p.put("optimizer", c.optimizer());
    p.put("learning_rate", String.valueOf(c.effectiveLearningRate()));
    p.put("schedule", c.schedule());
    p.put("corpus", Json.write(corpus));
    p.put("config", Json.write(configMap(c)));
    return p;
  }

  private static Map<String, Object> configMap(RunConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (RunSetting<?> s : RunSetting.ALL) {
      if (!s.key().equals("corpus") && !s.key().equals("validation") && !s.key().equals("runs")) {
        m.put(s.key(), s.toJson(c));
      }
    }
    return m;
  }

  /**
   * @param root the corpus path as given (a file or a directory)
   * @return one entry per file: {@code file} (relative to the corpus's parent, so it starts with
   *     the corpus's own name), {@code bytes}, {@code sha256}
   */
  static List<Map<String, Object>> files(Path root, List<Path> files) {
    List<Map<String, Object>> out = new ArrayList<>();
    Path base = root.toAbsolutePath().normalize().getParent();
    for (Path f : files) {
      Path abs = f.toAbsolutePath().normalize();
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("file", (base == null ? abs.getFileName() : base.relativize(abs)).toString().replace('\\', '/'));
      try {
        e.put("bytes", Files.size(f));
      } catch (IOException ex) {
        throw new RnnException("cannot read " + f + ": " + ex.getMessage());
      }
      e.put("sha256", sha256(f));
      out.add(e);
    }
    return out;
  }

  private static String sha256(Path f) {
    try (InputStream in = Files.newInputStream(f)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new RnnException("cannot read " + f + ": " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}

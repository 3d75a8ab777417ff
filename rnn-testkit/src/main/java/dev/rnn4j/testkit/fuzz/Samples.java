package dev.rnn4j.testkit.fuzz;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Valid sample inputs for the targets: small model files of every cell present (one layer and
 * two, float32 and float64, and a BPE model when the {@code bpe} tokenizer is present), made once
 * per JVM, and helpers to take safetensors bytes apart and put them together again.
 */
public final class Samples {
  /** Sentences in several scripts, for corpora, tokenizers and BPE training. */
  public static final List<String> TEXTS = List.of("the cat sat on the mat", "床前明月光，疑是地上霜。",
      "naïve café — “quotes” and ‘more’", "emoji 👩‍👩‍👧 and flags 🇫🇷 e\u0301", "  tabs\tand\r\nlines \n",
      "שלום עולם مرحبا", "a b c d e f g h a b c", "ǅ ß ﬁ İ ı \u0000 \u200b \ufeff");
  private static List<byte[]> models;

  private Samples() {}

  /** @return the sample model files (safetensors bytes; the same list every call) */
  public static synchronized List<byte[]> modelFiles() {
    if (models == null) {
      models = List.copyOf(makeModels());
    }
    return models;
  }

  private static List<byte[]> makeModels() {
    Plugins plugins = Plugins.defaults();
    TensorOps ops = plugins.backend("scalar", Options.empty());
    Vocabulary words = Vocabulary.withSpecials(List.of("the", "cat", "sat", "on", "mat"));
    List<byte[]> out = new ArrayList<>();
    plugins.cells().all().forEach(cell -> {
      out.add(save(ops, plugins, new ModelConfig(words.size(), 3, 1, cell.name(), Options.empty(),
          DType.F32), words, "whitespace", Options.empty()));
      out.add(save(ops, plugins, new ModelConfig(words.size(), 2, 2, cell.name(), Options.empty(),
          DType.F64), words, "whitespace", Options.empty()));
    });
    for (TokenizerProvider p : plugins.tokenizers().all()) {
      if (p.isTrainable() && p.isAvailable()) {
        Tokenizer t = p.train(TEXTS, Options.of("vocab-size", "600"));
        Set<String> tokens = new LinkedHashSet<>();
        TEXTS.forEach(s -> tokens.addAll(t.tokenize(s)));
        Vocabulary v = Vocabulary.withSpecials(new ArrayList<>(tokens));
        out.add(save(ops, plugins, ModelConfig.elman(v.size(), 2, DType.F32), v, p.name(), t.settings()));
      }
    }
    return out;
  }

  private static byte[] save(TensorOps ops, Plugins plugins, ModelConfig c, Vocabulary v,
      String tokenizer, Options settings) {
    RnnLanguageModel net = new RnnLanguageModel(c, ops, plugins.select(plugins.cells(), c.cell()),
        plugins.select(plugins.losses(), null).create(ops, Options.empty()), new SplittableRandom(7));
    try {
      Path tmp = Files.createTempFile("rnn4j-fuzz-sample", ".safetensors");
      try {
        ModelFile.save(new LanguageModel(net, v, tokenizer, settings, Map.of("seed", "7")), tmp);
        return Files.readAllBytes(tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the length the first 8 bytes of {@code file} declare (0 when shorter) */
  public static long headerLength(byte[] file) {
    return file.length < 8 ? 0 : ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** @return the JSON header of well-formed safetensors bytes */
  public static String header(byte[] file) {
    return new String(file, 8, (int) headerLength(file), StandardCharsets.UTF_8).trim();
  }

  /** @return the tensor bytes of well-formed safetensors bytes */
  public static byte[] data(byte[] file) {
    return Arrays.copyOfRange(file, 8 + (int) headerLength(file), file.length);
  }

  /** @return safetensors bytes made of {@code header} text and {@code data} */
  public static byte[] safetensors(String header, byte[] data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(json.length).put(json).put(data).array();
  }
}

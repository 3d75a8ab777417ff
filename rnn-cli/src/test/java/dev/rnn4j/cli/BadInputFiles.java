package dev.rnn4j.cli;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.io.Json;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.testkit.fuzz.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Writes the files of {@code src/test/resources/bad-inputs} (the corpus {@link BadInputCorpusTest}
 * runs). They are committed; run this to regenerate them after a format change:
 * {@code java -cp ... dev.rnn4j.cli.BadInputFiles rnn-cli/src/test/resources/bad-inputs}.
 */
final class BadInputFiles {
  private BadInputFiles() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createDirectories(Path.of(args[0]));
    text(dir, "good.txt", "the cat sat on the mat\nthe dog sat on the log\na cat saw a dog\n".repeat(5));
    Files.write(dir.resolve("not-utf8.txt"), new byte[] {'t', 'h', 'e', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
    text(dir, "blank.txt", "\n   \n\t\n");
    text(dir, "duplicate-key.json", "{\"epochs\": 2, \"epochs\": 3}");
    text(dir, "fraction-for-integer.json", "{\"hidden\": 1.5}");
    text(dir, "string-for-integer.json", "{\"hidden\": \"64\"}");
    text(dir, "unknown-key.json", "{\"hiden\": 64}");
    text(dir, "not-an-object.json", "[1, 2, 3]");
    text(dir, "truncated.json", "{\"hidden\": 12");
    text(dir, "negative-rate.json", "{\"learning_rate\": -0.1}");
    text(dir, "deep-nesting.json", "[".repeat(100_000));
    text(dir, "unknown-cell.json", "{\"cell\": \"transformer\"}");
    Vocabulary words = Vocabulary.withSpecials(List.of("the", "cat", "sat", "on", "mat", "a", "dog"));
    byte[] good = model(words);
    Files.write(dir.resolve("good.safetensors"), good);
    byte[] flipped = good.clone();
    flipped[flipped.length - 1] ^= 0x40;
    Files.write(dir.resolve("flipped-byte.safetensors"), flipped);
    Files.write(dir.resolve("short-vocabulary.safetensors"), edited(good, m -> {
      List<String> v = new ArrayList<>(words.tokens());
      v.remove(v.size() - 1);
      m.put("vocabulary", Json.write(v));
    }));
    Files.write(dir.resolve("deep-header.safetensors"),
        Samples.safetensors("[".repeat(100_000), new byte[0]));
    Files.write(dir.resolve("not-a-model.safetensors"), "hello, I am text".getBytes(StandardCharsets.UTF_8));
    Path run = Files.createDirectories(dir.resolve("run-not-utf8"));
    Files.write(run.resolve("metrics.csv"), ("epoch,step,tokens,train_loss,train_ppl,val_loss,val_ppl,"
        + "learning_rate,tokens_per_s,elapsed_s\n1,1,10,\u00e9").getBytes(StandardCharsets.ISO_8859_1));
  }

  private static void text(Path dir, String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static byte[] model(Vocabulary v) throws IOException {
    Plugins plugins = Plugins.defaults();
    var ops = plugins.backend("scalar", Options.empty());
    RnnLanguageModel net = new RnnLanguageModel(ModelConfig.elman(v.size(), 6, DType.F32), ops,
        plugins.select(plugins.cells(), "elman"),
        plugins.select(plugins.losses(), null).create(ops, Options.empty()), new SplittableRandom(1));
    Path tmp = Files.createTempFile("m", ".safetensors");
    ModelFile.save(new LanguageModel(net, v, "whitespace", Options.empty(), Map.of("seed", "1")), tmp);
    byte[] b = Files.readAllBytes(tmp);
    Files.delete(tmp);
    return b;
  }

  /** The model with its metadata edited and its checksums removed (as another tool might write). */
  @SuppressWarnings("unchecked")
  private static byte[] edited(byte[] model, Consumer<Map<String, Object>> edit) {
    Map<String, Object> h = (Map<String, Object>) Json.parse(Samples.header(model));
    Map<String, Object> meta = (Map<String, Object>) h.get("__metadata__");
    meta.remove("rnn4j_crc32c");
    edit.accept(meta);
    return Samples.safetensors(Json.write(h), Samples.data(model));
  }
}

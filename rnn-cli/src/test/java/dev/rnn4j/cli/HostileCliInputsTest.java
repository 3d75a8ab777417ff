package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.io.Json;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.MetricsLog;
import dev.rnn4j.testkit.fuzz.Samples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad flags and broken files on the command line: exit 1, one line naming the problem. */
class HostileCliInputsTest {
  private static final Plugins PLUGINS = Plugins.defaults();
  private static final Vocabulary WORDS = Vocabulary.withSpecials(
      List.of("the", "cat", "sat", "on", "mat", "a", "dog", "ran"));

  @TempDir Path dir;

  private static byte[] model(Vocabulary v, String tokenizer, Options settings) throws IOException {
    var ops = PLUGINS.backend("scalar", Options.empty());
    RnnLanguageModel net = new RnnLanguageModel(ModelConfig.elman(v.size(), 6, DType.F32), ops,
        PLUGINS.select(PLUGINS.cells(), "elman"), PLUGINS.select(PLUGINS.losses(), null).create(ops, Options.empty()),
        new SplittableRandom(1));
    Path tmp = Files.createTempFile("m", ".safetensors");
    ModelFile.save(new LanguageModel(net, v, tokenizer, settings, Map.of()), tmp);
    byte[] b = Files.readAllBytes(tmp);
    Files.delete(tmp);
    return b;
  }

  private Path file(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  /** @return the model bytes after {@code edit} of its metadata, without checksums (an old file) */
  @SuppressWarnings("unchecked")
  private static byte[] unverified(byte[] model, Consumer<Map<String, Object>> edit) {
    Map<String, Object> h = (Map<String, Object>) Json.parse(Samples.header(model));
    Map<String, Object> meta = (Map<String, Object>) h.get("__metadata__");
    meta.remove("rnn4j_crc32c");
    edit.accept(meta);
    return Samples.safetensors(Json.write(h), Samples.data(model));
  }

  private static String refused(CommandLineTest.Run r) {
    assertEquals(1, r.exit(), r.out() + r.err());
    String err = r.err().strip();
    assertTrue(err.startsWith("rnn4j: ") && !err.contains("\n") && !err.contains("Exception"), err);
    return err;
  }

  private CommandLineTest.Run generate(String... args) throws IOException {
    Path m = dir.resolve("words.safetensors");
    if (!Files.exists(m)) {
      file("words.safetensors", model(WORDS, "whitespace", Options.empty()));
    }
    List<String> all = new ArrayList<>(List.of("generate", "-m", m.toString(), "--backend", "scalar"));
    all.addAll(List.of(args));
    return CommandLineTest.run(all.toArray(new String[0]));
  }

  @Test
  void beamWidthIsBoundedByTheLimitAndTheVocabulary() throws IOException {
    assertTrue(refused(generate("--beam", "100000")).contains("--beam must be between 1 and 100"));
    assertTrue(refused(generate("--beam", "50")).contains("wider than the model's vocabulary of 12"));
    assertTrue(refused(generate("-n", "0")).contains("--count must be between 1 and 10000"));
    assertTrue(refused(generate("--max-tokens", "1000000")).contains("--max-tokens"));
  }

  @Test
  void topKOrTopPWithoutTemperatureIsRefused() throws IOException {
    assertTrue(refused(generate("--top-k", "5")).contains("add --temperature"));
    assertTrue(refused(generate("--top-p", "0.5")).contains("add --temperature"));
    assertEquals(0, generate("--top-k", "5", "-t", "1").exit());
  }

  @Test
  void beamWithCountGivesTheBestDistinctSequences() throws IOException {
    CommandLineTest.Run r = generate("--beam", "5", "-n", "3", "--max-tokens", "4");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(3, lines.size(), r.out());
    assertEquals(3, Set.copyOf(lines).size(), r.out());
    assertEquals(lines.get(0), generate("--beam", "5", "--max-tokens", "4").out().strip());
    assertTrue(refused(generate("--beam", "2", "-n", "3")).contains("more than the beam width 2"));
  }

  @Test
  void interactiveWritesNoPromptIntoPipedOutput() throws IOException {
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream("the cat\n\n".getBytes(StandardCharsets.UTF_8)));
      CommandLineTest.Run r = generate("--interactive", "--max-tokens", "3");
      assertEquals(0, r.exit(), r.err());
      assertEquals(1, r.out().lines().count(), r.out());
      assertFalse(r.out().contains("> "), r.out());
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void evalBatchIsBounded() throws IOException {
    Path m = file("m.safetensors", model(WORDS, "whitespace", Options.empty()));
    Path corpus = Files.writeString(dir.resolve("c.txt"), "the cat sat\n");
    assertTrue(refused(CommandLineTest.run("eval", "-m", m.toString(), "-c", corpus.toString(),
        "--batch", "0")).contains("--batch must be between 1 and 4096, got 0"));
  }

  @Test
  void trainRefusesMoreThreadsThanTheLimit() throws IOException {
    Path corpus = Files.writeString(dir.resolve("c.txt"), "the cat sat\na dog ran\n");
    String e = refused(CommandLineTest.run("train", "--corpus", corpus.toString(), "--threads", "1000",
        "--output", dir.resolve("t.safetensors").toString(), "--runs", dir.resolve("runs").toString()));
    assertTrue(e.contains("'threads'") && e.contains("256, got 1000"), e);
    assertFalse(Files.exists(dir.resolve("t.safetensors")));
  }

  @Test
  void brokenModelFilesAreOneLineNamingFileAndField() throws IOException {
    byte[] good = model(WORDS, "whitespace", Options.empty());
    byte[] shortVocab = unverified(good, m -> {
      List<String> v = new ArrayList<>(WORDS.tokens());
      v.remove(v.size() - 1);
      m.put("vocabulary", Json.write(v));
    });
    String e1 = refused(CommandLineTest.run("generate", "-m", file("v.safetensors", shortVocab).toString()));
    assertTrue(e1.contains("v.safetensors") && e1.contains("'vocabulary' has 11 tokens"), e1);
    byte[] flipped = good.clone();
    flipped[flipped.length - 1] ^= 0x40;
    String e2 = refused(CommandLineTest.run("generate", "-m", file("f.safetensors", flipped).toString()));
    assertTrue(e2.contains("f.safetensors") && e2.contains("CRC32C"), e2);
    byte[] badSettings = unverified(good, m -> m.put("tokenizer_settings", "{\"no-such\":\"1\"}"));
    String e3 = refused(CommandLineTest.run("generate", "-m", file("s.safetensors", badSettings).toString()));
    assertTrue(e3.contains("s.safetensors") && e3.contains("'tokenizer_settings'"), e3);
  }

  @Test
  void aBpeModelWhoseMergesWereRemovedIsRefused() throws IOException {
    List<String> text = List.of("the cat sat on the mat", "the dog ran to the cat", "a cat and a dog");
    Tokenizer bpe = PLUGINS.select(PLUGINS.tokenizers(), "bpe").train(text, Options.of("vocab-size", "290"));
    Set<String> tokens = new LinkedHashSet<>();
    text.forEach(t -> tokens.addAll(bpe.tokenize(t)));
    assertTrue(tokens.contains(" cat"), tokens.toString());
    byte[] good = model(Vocabulary.withSpecials(new ArrayList<>(tokens)), "bpe", bpe.settings());
    assertEquals(0, CommandLineTest.run("generate", "-m", file("bpe.safetensors", good).toString(),
        "--max-tokens", "3").exit());
    byte[] noMerges = unverified(good, m -> m.put("tokenizer_settings",
        ((String) m.get("tokenizer_settings")).replaceAll(",?\"merges\":\"(\\\\.|[^\"\\\\])*\"", "")));
    String e = refused(CommandLineTest.run("generate", "-m", file("nomerges.safetensors", noMerges).toString()));
    assertTrue(e.contains("nomerges.safetensors") && e.contains("cannot come from tokenizer 'bpe'"), e);
  }

  @Test
  void plotSkipsNanAndInfinityAndNamesTheLineOfBadBytes() throws IOException {
    Path run = Files.createDirectories(dir.resolve("run"));
    String header = String.join(",", MetricsLog.COLUMNS);
    Files.writeString(run.resolve(MetricsLog.FILE_NAME), header
        + "\n1,10,100,NaN,NaN,,,0.1,1000,1.5\n1,,100,,,Infinity,inf,0.1,,2.0\n2,20,200,4.2,66.7,4.0,54.6,0.1,900,3\n");
    CommandLineTest.Run ok = CommandLineTest.run("plot", run.toString());
    assertEquals(0, ok.exit(), ok.err());
    byte[] latin1 = (header + "\n1,10,100,5.0,148.4,,,0.1,1000,1.5\n1,20,200,4.0,54.6,,,0.1,1000,caf\u00e9\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    Files.write(run.resolve(MetricsLog.FILE_NAME), latin1);
    String e = refused(CommandLineTest.run("plot", run.toString()));
    assertTrue(e.contains(MetricsLog.FILE_NAME + " line 3 is not UTF-8"), e);
    Files.writeString(run.resolve(MetricsLog.FILE_NAME), header + "\n1,10,100," + "9.".repeat(5000)
        + ",1,,,0.1,1000,1.5\n2,20,200,4.2,66.7,4.0,54.6,0.1,900,3\n");
    String longCell = refused(CommandLineTest.run("plot", run.toString()));
    assertTrue(longCell.contains("line 2") && longCell.length() < 300, longCell);
  }
}

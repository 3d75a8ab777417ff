package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.cli.CommandLineTest.Run;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn4j explain}: the table, the pictures, the page, and bad input. */
class ExplainCommandTest {
  private static final Plugins PLUGINS = Plugins.defaults();

  @TempDir Path dir;

  /** A small whitespace-tokenized model with random weights, saved. */
  static Path model(Path dir, String cell) {
    Vocabulary v = Vocabulary.withSpecials(List.of("the", "cat", "sat", "on", "mat", "a", "dog"));
    var ops = PLUGINS.backend("scalar", Options.empty());
    RnnLanguageModel net = new RnnLanguageModel(
        new ModelConfig(v.size(), 6, 2, cell, Options.empty(), DType.F32), ops,
        PLUGINS.select(PLUGINS.cells(), cell),
        PLUGINS.select(PLUGINS.losses(), null).create(ops, Options.empty()), new SplittableRandom(1));
    Path file = dir.resolve(cell + ".safetensors");
    ModelFile.save(new LanguageModel(net, v, "whitespace", Options.empty(), Map.of()), file);
    return file;
  }

  @Test
  void printsTheTableAndWritesPicturesAndOneSelfContainedPage() throws IOException {
    Path m = model(dir, "lstm");
    Path out = dir.resolve("out");
    Run r = CommandLineTest.run("explain", "--model", m.toString(), "--text", "the cat sat on a mat",
        "--top", "3", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("step token"), r.out());
    assertTrue(lines.get(1).matches("0 +<s> +the +0\\.\\d{4} +\\d+\\.\\d\\d +\\S+ 0\\.\\d{3}, .*"), lines.get(1));
    assertTrue(lines.get(7).matches("6 +mat +</s> .*"), lines.get(7));
    for (String f : new String[] {"states-0-h.png", "states-0-c.png", "states-1-h.png", "states-1-c.png",
        "gradients-0.png", "gradients-1.png", "gradient-last-0.png", "gradient-last-1.png"}) {
      BufferedImage img = ImageIO.read(out.resolve(f).toFile());
      assertTrue(img.getWidth() >= 500 && img.getHeight() >= 300, f);
      assertTrue(r.out().contains("wrote " + out.resolve(f)), r.out());
    }
    String html = Files.readString(out.resolve("explain.html"));
    assertTrue(html.contains("Rnn4jExplain.render"), "the script is inline");
    assertTrue(html.contains("\"tokens\":[\"<s>\",\"the\",\"cat\""), "the data is inline");
    assertTrue(!html.replace("http://www.w3.org/2000/svg", "").matches("(?s).*(https?:|src=|href=).*"),
        "nothing is fetched from the network");
  }

  @Test
  void readsTheTextFromAFile() throws IOException {
    Path m = model(dir, "elman");
    Path f = Files.writeString(dir.resolve("t.txt"), "a dog sat\n");
    Run r = CommandLineTest.run("explain", "-m", m.toString(), "--file", f.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(5, r.out().lines().count(), r.out());
  }

  @Test
  void badInputIsOneLineAndExitOne() throws IOException {
    Path m = model(dir, "gru");
    Path bad = Files.write(dir.resolve("bad.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
    String[][] cases = {
      {"explain", "-m", m.toString(), "--text", "the", "--top", "0"},
      {"explain", "-m", m.toString(), "--text", "   "},
      {"explain", "-m", m.toString(), "--file", bad.toString()},
      {"explain", "-m", m.toString(), "--file", dir.resolve("missing.txt").toString()},
      {"explain", "-m", dir.resolve("none.safetensors").toString(), "--text", "the"},
      {"explain", "-m", m.toString(), "--text", "the " .repeat(501)},
    };
    for (String[] args : cases) {
      Run r = CommandLineTest.run(args);
      assertEquals(1, r.exit(), String.join(" ", args) + ": " + r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("rnn4j: "), r.err());
    }
    Run both = CommandLineTest.run("explain", "-m", m.toString(), "--text", "a", "--file", bad.toString());
    assertEquals(1, both.exit(), both.err());
  }
}

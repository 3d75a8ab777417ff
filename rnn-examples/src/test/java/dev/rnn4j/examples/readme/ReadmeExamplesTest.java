package dev.rnn4j.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.data.TextSource;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.TrainingRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java examples are the test sources' lines, and they work. */
class ReadmeExamplesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyJavaBlockOfTheReadmeIsQuotedFromATestSource() throws IOException {
    List<List<String>> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT, 12)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().contains("/src/test/java/")
          && p.toString().endsWith(".java"))::iterator) {
        sources.add(Files.readAllLines(f).stream().map(String::strip).toList());
      }
    }
    List<List<String>> blocks = javaBlocks(Files.readAllLines(ROOT.resolve("README.md")));
    assertTrue(blocks.size() >= 6, "the README's Java examples: " + blocks.size());
    for (List<String> block : blocks) {
      assertTrue(sources.stream().anyMatch(s -> contains(s, block)),
          "README block not found verbatim in any test source:\n" + String.join("\n", block));
    }
  }

  private static List<List<String>> javaBlocks(List<String> readme) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> block = null;
    for (String line : readme) {
      if (line.strip().equals("```java")) {
        block = new ArrayList<>();
      } else if (block != null && line.strip().equals("```")) {
        blocks.add(block);
        block = null;
      } else if (block != null && !line.isBlank()) {
        block.add(line.strip());
      }
    }
    return blocks;
  }

  private static boolean contains(List<String> source, List<String> block) {
    List<String> lines = source.stream().filter(l -> !l.isEmpty()).toList();
    for (int i = 0; i + block.size() <= lines.size(); i++) {
      if (lines.subList(i, i + block.size()).equals(block)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theQuickstartTrainsAndGeneratesWhenAUserRunsIt(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("my-text.txt"), englishText(20_000), StandardCharsets.UTF_8);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
        System.getProperty("java.class.path"), Quickstart.class.getName())
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    Path runs = dir.resolve("runs");
    try (Stream<Path> s = Files.list(runs)) {
      Path run = s.findFirst().orElseThrow();
      assertTrue(Files.exists(run.resolve("model.safetensors")));
      assertTrue(Files.readString(run.resolve("metrics.csv")).lines().count() > 5);
    }
    String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(last.length() > 20 && !last.contains("Exception"), "generated text last:\n" + out);
  }

  @Test
  void theStreamingOptimizerAndWiringExamplesRun() {
    LanguageModel model = TrainingRun.create(RunConfig.builder().tokenizer("chinese").hidden(8)
            .epochs(1).backend("scalar").build())
        .text(TextSource.ofLines(List.of("我昨天上学迟到了", "我今天上学了", "他昨天迟到了")))
        .withoutFolder().run().model();
    double[] p = ReadmeExamples.streaming(model);
    double sum = 0;
    for (double v : p) {
      sum += v;
    }
    assertEquals(1.0, sum, 1e-6); // float32 probabilities
    TensorOps ops = Plugins.defaults().backend("scalar", Options.empty());
    assertEquals(1e-3, ReadmeExamples.adam(ops).learningRate());
    assertEquals(5, ReadmeExamples.withoutGuice().size());
    assertEquals(0.3, ReadmeExamples.dropout().dropout());
    List<Object> guice = ReadmeExamples.withGuice();
    assertFalse(guice.get(1).equals(guice.get(2)), "the override replaced the optimizer");
  }

  /** Sentences of made-up English, seeded: text the project did not write by hand. */
  static String englishText(int chars) {
    String[] words = ("the a cat dog sat ran on under mat log house tree quickly slowly big small "
        + "red blue and then old man sea river walked sang").split(" ");
    SplittableRandom r = new SplittableRandom(7);
    StringBuilder b = new StringBuilder();
    while (b.length() < chars) {
      int n = 4 + r.nextInt(8);
      b.append(Character.toUpperCase(words[r.nextInt(words.length)].charAt(0)));
      b.append(words[r.nextInt(words.length)].substring(0));
      for (int i = 1; i < n; i++) {
        b.append(' ').append(words[r.nextInt(words.length)]);
      }
      b.append(".\n");
    }
    return b.toString();
  }
}

package dev.rnn4j.examples.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The poetry example end to end on a tiny generated corpus (not the fetched one). */
class PoetryGeneratorTest {
  private static final String HAN = "春風花月山水江天雲夜人歸";

  /** 40 random quatrains over 12 characters, and lines that are not quatrains (skipped). */
  static Path corpus(Path dir) throws IOException {
    SplittableRandom r = new SplittableRandom(7);
    List<String> lines = new ArrayList<>();
    for (int p = 0; p < 40; p++) {
      StringBuilder poem = new StringBuilder();
      for (int line = 0; line < 4; line++) {
        for (int c = 0; c < 5; c++) {
          poem.append(HAN.charAt(r.nextInt(HAN.length())));
        }
        poem.append(line % 2 == 0 ? '，' : '。');
      }
      lines.add(poem.toString());
      lines.add("七言七言七言詩，不是五言絕句詩。");
    }
    Files.write(dir.resolve("tang.txt"), lines, StandardCharsets.UTF_8);
    return dir;
  }

  static AppRun run(String... args) {
    return AppRun.of(PoetryGenerator.commandLine(), args);
  }

  @Test
  void trainsSavesAndGeneratesFromTheCorpusCharacters(@TempDir Path dir) throws IOException {
    Path model = dir.resolve("models/poetry.safetensors");
    String[] common = {"--corpus", corpus(dir).toString(), "--output", model.toString(),
        "--hidden", "16", "--epochs", "3", "--seed", "5", "--backend", "scalar"};
    AppRun r = run(concat(common, "--count", "4"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("80 poems read, 40 five-character quatrains used"), r.out());
    assertTrue(Files.size(model) > 0);
    List<String> poems = r.linesAfter("samples");
    assertEquals(5, poems.size(), r.out()); // 4 poems and the count of well-formed ones
    Set<Integer> allowed = (HAN + "，。").codePoints().boxed().collect(Collectors.toSet());
    for (String poem : poems.subList(0, 4)) {
      assertFalse(poem.isEmpty());
      assertTrue(poem.codePoints().allMatch(allowed::contains), poem);
    }

    AppRun kept = run(concat(common, "--generate-only", "--keep-form", "--first", "月山"));
    assertEquals(0, kept.exit(), kept.err());
    List<String> shaped = kept.linesAfter("samples keeping the form");
    assertEquals(2, shaped.size(), kept.out());
    assertTrue(shaped.get(0).startsWith("月") && shaped.get(1).startsWith("山"), kept.out());
    for (String poem : shaped) {
      assertTrue(PoetryGenerator.QUATRAIN.matcher(poem).matches(), poem);
      assertTrue(poem.codePoints().allMatch(allowed::contains), poem);
    }
    AppRun again = run(concat(common, "--generate-only", "--keep-form", "--first", "月山"));
    assertEquals(kept.out(), again.out(), "the same seed gives the same poems");
  }

  @Test
  void aMissingCorpusSaysHowToFetchIt(@TempDir Path dir) {
    AppRun r = run("--corpus", dir.resolve("nope").toString(), "--output", dir.resolve("m").toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("run scripts/fetch-corpus chinese-poetry first"), r.err());
    AppRun noModel = run("--generate-only", "--output", dir.resolve("m.safetensors").toString());
    assertEquals(1, noModel.exit());
    assertTrue(noModel.err().contains("not found"), noModel.err());
  }

  static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}

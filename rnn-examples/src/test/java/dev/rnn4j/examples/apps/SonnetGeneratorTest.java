package dev.rnn4j.examples.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sonnet example end to end on a tiny generated corpus (not the fetched one). */
class SonnetGeneratorTest {
  private static final String[] WORDS = {"thy", "beauty's", "rose", "shall", "never", "die", "and",
      "time", "doth", "fade", "the", "summer", "'tis", "love", "sweet"};

  /** 30 lines of 4 to 8 words from a small word list, a blank line after every 14. */
  static Path corpus(Path dir) throws IOException {
    SplittableRandom r = new SplittableRandom(11);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      StringBuilder line = new StringBuilder();
      int n = 4 + r.nextInt(5);
      for (int w = 0; w < n; w++) {
        String word = WORDS[r.nextInt(WORDS.length)];
        line.append(w == 0 ? word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1)
            : " " + word);
      }
      line.append(i % 2 == 0 ? "," : ".");
      lines.add(line.toString());
      if (i % 14 == 13) {
        lines.add("");
      }
    }
    Files.write(dir.resolve("sonnets.txt"), lines, StandardCharsets.UTF_8);
    return dir;
  }

  static AppRun run(String... args) {
    return AppRun.of(SonnetGenerator.commandLine(), args);
  }

  @Test
  void wordModelGeneratesLinesOfTheCorpusWords(@TempDir Path dir) throws IOException {
    Path model = dir.resolve("sonnets.safetensors");
    AppRun r = run("--corpus", corpus(dir).toString(), "--output", model.toString(), "--hidden", "16",
        "--epochs", "3", "--seed", "3", "--backend", "scalar", "--quatrains", "2", "--first", "Thy");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("30 lines of verse"), r.out());
    assertTrue(Files.size(model) > 0);
    List<String> lines = r.linesAfter("2 quatrains");
    assertEquals(8, lines.size(), r.out());
    Set<String> known = Arrays.stream(WORDS).collect(Collectors.toSet());
    known.addAll(List.of(",", "."));
    for (String line : lines) {
      assertFalse(line.isBlank());
      for (String token : SonnetGenerator.capitalise(line).toLowerCase(Locale.ROOT)
          .replaceAll("([,.])", " $1").split(" +")) {
        assertTrue(known.contains(token), token + " in " + line);
      }
    }
    assertTrue(lines.get(0).startsWith("Thy") && lines.get(4).startsWith("Thy"), r.out());
  }

  @Test
  void charModelGeneratesTheCorpusCharactersDeterministically(@TempDir Path dir) throws IOException {
    String[] args = {"--corpus", corpus(dir).toString(), "--output", dir.resolve("c.safetensors").toString(),
        "--tokens", "char", "--hidden", "16", "--epochs", "2", "--seed", "9", "--backend", "scalar",
        "--quatrains", "1"};
    AppRun r = run(args);
    assertEquals(0, r.exit(), r.err());
    Set<Integer> chars = Files.readString(dir.resolve("sonnets.txt")).codePoints().boxed()
        .collect(Collectors.toSet());
    List<String> lines = r.linesAfter("1 quatrains");
    assertEquals(4, lines.size(), r.out());
    for (String line : lines) {
      assertTrue(line.codePoints().allMatch(chars::contains), line);
    }
    assertEquals(lines, run(args).linesAfter("1 quatrains"), "the same seed gives the same model and lines");
  }

  @Test
  void aMissingCorpusSaysHowToFetchIt(@TempDir Path dir) {
    AppRun r = run("--corpus", dir.resolve("nope").toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("run scripts/fetch-corpus shakespeare first"), r.err());
    assertEquals(1, run("--tokens", "bytes", "--corpus", dir.toString()).exit());
  }
}

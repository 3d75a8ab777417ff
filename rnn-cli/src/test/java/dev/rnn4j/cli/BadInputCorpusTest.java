package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus, {@code src/test/resources/bad-inputs} (files written by {@link
 * BadInputFiles}, cases in {@code cases.tsv}): every case ends with exit code 1, one line on
 * stderr naming the problem, no stack trace, and no file created or changed.
 */
class BadInputCorpusTest {
  static Stream<Arguments> cases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (InputStream in = BadInputCorpusTest.class.getResourceAsStream("/bad-inputs/cases.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        assertEquals(3, f.length, line);
        out.add(Arguments.of(f[0], f[1], f[2]));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void oneLineExitOneAndNothingLeftBehind(String name, String command, String expected,
      @TempDir Path dir) throws IOException, URISyntaxException {
    Path source = Path.of(BadInputCorpusTest.class.getResource("/bad-inputs").toURI());
    copy(source, dir);
    Set<String> before = listing(dir);
    List<String> args = new ArrayList<>();
    for (String a : command.split(" ")) {
      args.add(a.replace("{dir}", dir.toString()));
    }
    CommandLineTest.Run r = CommandLineTest.run(args.toArray(new String[0]));
    String err = r.err().strip();
    assertEquals(1, r.exit(), name + ": " + r.out() + r.err());
    assertEquals(1, err.lines().count(), name + ": " + err);
    assertTrue(err.startsWith("rnn4j: "), name + ": " + err);
    assertFalse(err.contains("Exception") || err.contains("\tat "), name + ": " + err);
    assertTrue(err.contains(expected), name + ": expected '" + expected + "' in: " + err);
    assertEquals(before, listing(dir), name + ": files created or changed");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** Every file and folder below {@code dir} with its size and modification time. */
  private static Set<String> listing(Path dir) throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        out.add(dir.relativize(p) + " " + (Files.isDirectory(p) ? "dir" : Files.size(p) + " "
            + Files.getLastModifiedTime(p).toMillis()));
      }
    }
    return out;
  }
}

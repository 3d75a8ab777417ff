package dev.rnn4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextSourceTest {
  @TempDir Path dir;

  private static List<String> pieces(TextSource source, boolean stream) {
    List<String> out = new ArrayList<>();
    try (TextSource.Pass pass = source.open(stream)) {
      while (pass.hasNext()) {
        TextPieces.Piece p = pass.next();
        out.add(p.text() + (p.endOfLine() ? "|" : ""));
      }
    }
    return out;
  }

  @Test
  void linesInMemoryGiveWhatTheSameFileGivesInBothModes() throws IOException {
    List<String> lines = List.of("first line", "", "   ", "second line", "", "third");
    Path file = dir.resolve("text.txt");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    for (boolean stream : new boolean[] {false, true}) {
      assertEquals(pieces(TextSource.of(file), stream), pieces(TextSource.ofLines(lines), stream),
          stream ? "stream mode" : "sentence mode");
    }
    assertEquals(List.of("first line|", "second line|", "third|"),
        pieces(TextSource.ofLines(lines), false), "sentence mode skips blank lines");
    assertEquals(6, pieces(TextSource.ofLines(lines), true).size(), "stream mode keeps every line");
  }

  @Test
  void aLongLineInMemoryIsCutIntoTheFilesPiecesInStreamMode() throws IOException {
    String words = "word ".repeat(30_000); // 150,000 chars: cut at whitespace
    String noSpace = "x".repeat(70_000); // cut at MAX_PIECE
    List<String> lines = List.of("short", words, noSpace, "end");
    Path file = dir.resolve("long.txt");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    List<String> fromFile = pieces(TextSource.of(file), true);
    assertEquals(fromFile, pieces(TextSource.ofLines(lines), true));
    assertEquals(List.of("x".repeat(TextPieces.MAX_PIECE), "x".repeat(70_000 - TextPieces.MAX_PIECE) + "|"),
        fromFile.subList(fromFile.size() - 3, fromFile.size() - 1), "a line without spaces");
    assertEquals(fromFile.size() - 2, fromFile.indexOf("x".repeat(70_000 - TextPieces.MAX_PIECE) + "|"));
  }
}

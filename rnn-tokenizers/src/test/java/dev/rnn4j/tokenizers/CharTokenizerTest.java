package dev.rnn4j.tokenizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.Tokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CharTokenizerTest {
  private final Tokenizer codePoints = new CharTokenizerProvider().create(Options.empty());
  private final Tokenizer graphemes =
      new CharTokenizerProvider().create(Options.of("graphemes", "true"));

  @Test
  void codePointsKeepSurrogatePairsWhole() {
    assertEquals(List.of("a", "𝄞", "中", "𠀀"), codePoints.tokenize("a𝄞中𠀀"));
    assertEquals(List.of("e", "\u0301"), codePoints.tokenize("e\u0301"));
    assertEquals(List.of("\uD800", "x"), codePoints.tokenize("\uD800x"));
  }

  @Test
  void graphemesKeepEmojiFlagsSkinTonesAndMarksWhole() {
    String family = "👩\u200D👩\u200D👧\u200D👦";
    String rainbowFlag = "🏳\uFE0F\u200D🌈";
    assertEquals(List.of(family, "🇨🇳", "🇫🇷", "👍🏽", "e\u0301", "a\u0308\u0323", rainbowFlag, "\r\n", "x"),
        graphemes.tokenize(family + "🇨🇳🇫🇷👍🏽e\u0301a\u0308\u0323" + rainbowFlag + "\r\nx"));
    assertEquals(List.of("🇨🇳", "🇫"), graphemes.tokenize("🇨🇳🇫"));
    assertEquals(List.of("\u1112\u1161\u11AB", "국"), graphemes.tokenize("\u1112\u1161\u11AB국"));
  }

  @Test
  void graphemesFollowTheUnicodeConformanceFile() throws IOException {
    int cases = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        CharTokenizerTest.class.getResourceAsStream("GraphemeBreakTest.txt"), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        int hash = line.indexOf('#');
        String spec = (hash >= 0 ? line.substring(0, hash) : line).trim();
        if (spec.isEmpty()) {
          continue;
        }
        List<String> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StringBuilder cluster = new StringBuilder();
        for (String part : spec.split("\\s+")) {
          if (part.equals("÷")) {
            if (cluster.length() > 0) {
              expected.add(cluster.toString());
              cluster.setLength(0);
            }
          } else if (!part.equals("×")) {
            cluster.appendCodePoint(Integer.parseInt(part, 16));
            text.appendCodePoint(Integer.parseInt(part, 16));
          }
        }
        assertEquals(expected, graphemes.tokenize(text.toString()), line);
        cases++;
      }
    }
    assertTrue(cases > 500, "only " + cases + " cases");
  }

  @Test
  void bothModesAreLossless() {
    String text = "Debian写了2个bug 👍🏽 e\u0301 \uDC00";
    assertEquals(text, codePoints.detokenize(codePoints.tokenize(text)));
    assertEquals(text, graphemes.detokenize(graphemes.tokenize(text)));
  }
}

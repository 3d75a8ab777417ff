package dev.rnn4j.tokenizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Options;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerThroughputTest {
  @Test
  void corpusIsDeterministicAndMixed() {
    List<String> a = TokenizerThroughput.generateCorpus(42, 500);
    assertEquals(a, TokenizerThroughput.generateCorpus(42, 500));
    assertNotEquals(a, TokenizerThroughput.generateCorpus(43, 500));
    String all = String.join("\n", a);
    assertTrue(all.codePoints().anyMatch(cp -> cp >= 0x4E00 && cp <= 0x9FFF));
    assertTrue(all.contains(" the ") || all.contains("the "));
    assertTrue(all.chars().anyMatch(Character::isDigit));
  }

  @Test
  void measuresCharactersAndTokens() {
    List<String> lines = TokenizerThroughput.generateCorpus(1, 200);
    long chars = lines.stream().mapToLong(String::length).sum();
    TokenizerThroughput.Result r = TokenizerThroughput.measure(
        new CharTokenizerProvider().create(Options.empty()), lines, Duration.ZERO);
    assertEquals(chars, r.characters());
    assertEquals(lines.stream().mapToLong(s -> s.codePointCount(0, s.length())).sum(), r.tokens());
    assertTrue(r.charsPerSecond() > 0);
  }
}

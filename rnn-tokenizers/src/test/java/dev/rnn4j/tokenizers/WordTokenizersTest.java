package dev.rnn4j.tokenizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.token.Tokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordTokenizersTest {
  private final Tokenizer whitespace = new WhitespaceTokenizerProvider().create(Options.empty());
  private final PatternTokenizerProvider pattern = new PatternTokenizerProvider();

  @Test
  void whitespaceReadsSegmentedChinese() {
    assertEquals(List.of("我", "昨天", "上学", "迟到", "了"), whitespace.tokenize("我 昨天 上学 迟到 了"));
    assertEquals(List.of("a", "b", "c", "d"), whitespace.tokenize(" a\tb\u3000c\u00A0d\n"));
    assertEquals("我 昨天 上学", whitespace.detokenize(List.of("我", "昨天", "上学")));
    assertEquals(List.of(), whitespace.tokenize(" \t\n"));
  }

  @Test
  void patternSplitsHanCharactersWordsAndNumbers() {
    Tokenizer t = pattern.create(Options.empty());
    assertEquals(List.of("Debian", "写", "了", "2", "个", "bug"), t.tokenize("Debian写了2个bug"));
    assertEquals(List.of("Hello", ",", "world", "!", "3.14", "1,000", "café", "😀"),
        t.tokenize("Hello, world! 3.14 1,000 cafe\u0301 😀".replace("cafe\u0301", "café")));
    assertEquals("Debian写了2个bug", t.detokenize(t.tokenize("Debian写了2个bug")));
    assertEquals("Hello, world!", t.detokenize(t.tokenize("Hello ,  world !")));
  }

  @Test
  void patternNfkcAndLowercase() {
    Tokenizer plain = pattern.create(Options.empty());
    Tokenizer norm = pattern.create(Options.of("nfkc", "true", "lowercase", "true"));
    assertEquals(List.of("ＡＢＣ", "１２３"), plain.tokenize("ＡＢＣ １２３"));
    assertEquals(List.of("abc", "123", "写"), norm.tokenize("ＡＢＣ １２３ 写"));
    assertEquals(List.of("ﬁ"), plain.tokenize("ﬁ"));
    assertEquals(List.of("fi"), norm.tokenize("ﬁ"));
    assertEquals(List.of("istanbul"), pattern.create(Options.of("lowercase", "true")).tokenize("ISTANBUL"));
  }

  @Test
  void patternIsConfigurable() {
    Tokenizer digits = pattern.create(Options.of("pattern", "\\d+"));
    assertEquals(List.of("2", "42"), digits.tokenize("Debian写了2个bug 42"));
    assertEquals("\\d+", digits.settings().get("pattern", ""));
    RnnException e = assertThrows(RnnException.class, () -> pattern.create(Options.of("pattern", "([a-z")));
    assertTrue(e.getMessage().contains("pattern"), e.getMessage());
    assertThrows(RnnException.class, () -> pattern.create(Options.of("lowercase", "yes")));
  }
}

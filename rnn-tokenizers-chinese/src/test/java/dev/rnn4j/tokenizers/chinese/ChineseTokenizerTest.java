package dev.rnn4j.tokenizers.chinese;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChineseTokenizerTest {
  private final ChineseTokenizerProvider provider = new ChineseTokenizerProvider();

  @Test
  void segmentsTheSeedSentence() {
    Tokenizer t = provider.create(Options.empty());
    assertEquals(List.of("我", "昨天", "上学", "迟到", "了"), t.tokenize("我昨天上学迟到了"));
  }

  @Test
  void mixedLatinNumbersAndWhitespace() {
    Tokenizer t = provider.create(Options.empty());
    assertEquals(List.of("Debian", "写", "了", "2", "个", "bug"), t.tokenize("Debian写了2个bug"));
    List<String> tokens = t.tokenize("  我用 Java 17\u3000写代码\n");
    assertEquals(List.of("  ", "我", "用", " ", "Java", " ", "17", "\u3000", "写", "代码", "\n"), tokens);
    assertEquals("  我用 Java 17\u3000写代码\n", t.detokenize(tokens));
  }

  @Test
  void combiningMarksAndEmojiStayWhole() {
    Tokenizer t = provider.create(Options.empty());
    List<String> tokens = t.tokenize("e\u0301t\u00E9测试👍🏽好");
    assertTrue(tokens.contains("👍🏽"), tokens.toString());
    assertTrue(tokens.stream().noneMatch(s -> s.startsWith("\u0301")), tokens.toString());
    assertEquals("e\u0301t\u00E9测试👍🏽好", String.join("", tokens));
  }

  @Test
  void personNamesAreAnOptionOffByDefault() {
    String text = "王小明去北京";
    List<String> plain = provider.create(Options.empty()).tokenize(text);
    List<String> names = provider.create(Options.of("person-names", "true")).tokenize(text);
    assertTrue(names.contains("王小明"), names.toString());
    assertTrue(!plain.contains("王小明"), plain.toString());
  }

  @Test
  void longRunsWithoutPunctuationAreSegmentedInPieces() {
    Tokenizer t = provider.create(Options.empty());
    String text = "我昨天上学迟到了".repeat(3000);
    List<String> tokens = t.tokenize(text);
    assertEquals(text, String.join("", tokens));
    assertEquals(5 * 3000, tokens.size(), "no word is cut by the chunking here");
  }

  @Test
  void writesNothingToStdoutOrStderr() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    try {
      System.setOut(capture);
      System.setErr(capture);
      for (String option : List.of("false", "true")) {
        Tokenizer t = provider.create(Options.of("person-names", option));
        t.tokenize("张三和李四在上海的复旦大学见面，Smith先生也来了。");
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertEquals("", captured.toString(StandardCharsets.UTF_8));
  }
}

package dev.rnn4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.RnnException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  private static Json.JsonException refused(String text) {
    return assertThrows(Json.JsonException.class, () -> Json.parse(text));
  }

  @Test
  void readsWhatItWrites() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", List.of(1L, -2L, 0.5, "x\"\\\n\u0001é\ud83d\ude00"));
    m.put("b", Map.of("c", true));
    m.put("d", null);
    m.put("e", Long.MIN_VALUE);
    assertEquals(m, Json.parse(Json.write(m)));
  }

  @Test
  void hundredThousandOpenBracketsAreAJsonExceptionNotAStackOverflow() {
    char[] c = new char[100_000];
    Arrays.fill(c, '[');
    Json.JsonException e = refused(new String(c));
    assertTrue(e.getMessage().contains("nested deeper than the limit of 64"), e.getMessage());
    assertEquals(64, e.offset());
  }

  @Test
  void depthLimitIsExactAndConfigurable() {
    String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    Json.parse(ok);
    refused("[" + ok + "]");
    refused("{\"a\":" + ok + "}");
    Json.Limits two = new Json.Limits(2, 10, 100);
    Json.parse("[{}]", two);
    assertThrows(Json.JsonException.class, () -> Json.parse("[{\"a\":[]}]", two));
  }

  @Test
  void stringAndDocumentLengthLimits() {
    Json.Limits small = new Json.Limits(8, 5, 20);
    assertEquals("abcde", Json.parse("\"abcde\"", small));
    Json.JsonException s = assertThrows(Json.JsonException.class, () -> Json.parse("\"abcdef\"", small));
    assertTrue(s.getMessage().contains("string longer than the limit of 5"), s.getMessage());
    assertThrows(Json.JsonException.class, () -> Json.parse("{\"abcdef\":1}", small));
    Json.JsonException d = assertThrows(Json.JsonException.class,
        () -> Json.parse("[1, 2, 3, 4, 5, 6, 7, 8]", small));
    assertTrue(d.getMessage().contains("longer than the limit of 20"), d.getMessage());
  }

  @Test
  void duplicateKeyIsNamedWithItsPosition() {
    Json.JsonException e = refused("{\n  \"vocab\": 1,\n  \"vocab\": 2\n}");
    assertEquals("duplicate key 'vocab' at line 3, column 3 (character 18)", e.getMessage());
    assertEquals(3, e.line());
    assertEquals(3, e.column());
  }

  @Test
  void errorsNameLineColumnAndOffset() {
    Json.JsonException e = refused("{\"a\": 1,\n \"b\": tru}");
    assertEquals(2, e.line());
    assertEquals(7, e.column());
    assertEquals(15, e.offset());
    assertTrue(e.getMessage().endsWith("at line 2, column 7 (character 15)"), e.getMessage());
  }

  @Test
  void isTheDocumentedUserError() {
    RnnException e = assertThrows(RnnException.class, () -> Json.parse("{"));
    assertTrue(e.getMessage().startsWith("unexpected end of JSON"), e.getMessage());
    assertTrue(e.getMessage().indexOf('\n') < 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "01", "1.", ".5", "-", "1e", "1e+", "+1", "1-2", "NaN", "Infinity",
      "[1,]", "{\"a\":1,}", "{a:1}", "[1 2]", "\"\\x\"", "\"\\u12G4\"", "\"\\u12", "\"a\tb\"",
      "\u000c1", "tru", "nul", "[] []", "99999999999999999999", "1e400", "\"abc", "{\"a\" 1}"})
  void refusesMalformedText(String text) {
    Json.JsonException e = refused(text);
    assertTrue(e.getMessage().indexOf('\n') < 0, e.getMessage());
  }

  @Test
  void numbersFollowTheGrammar() {
    assertEquals(-0L, Json.parse("-0"));
    assertEquals(1.5e-3, Json.parse("1.5E-3"));
    assertEquals(120.0, Json.parse("1.2e+2"));
    assertEquals(Long.MAX_VALUE, Json.parse(Long.toString(Long.MAX_VALUE)));
    assertEquals(List.of(), Json.parse(" \t\r\n[ ] "));
  }

  @Test
  void messagesStayOneLineForHostileKeys() {
    Json.JsonException e = refused("{\"a\\nb" + "x".repeat(100) + "\":1,\"a\\nb" + "x".repeat(100) + "\":2}");
    assertTrue(e.getMessage().indexOf('\n') < 0, e.getMessage());
    assertTrue(e.getMessage().length() < 120, e.getMessage());
  }

  @Test
  void limitsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new Json.Limits(0, 1, 1));
  }
}

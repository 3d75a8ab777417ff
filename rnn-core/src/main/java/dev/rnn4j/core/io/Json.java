package dev.rnn4j.core.io;

import dev.rnn4j.api.RnnException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's one JSON reader and writer (rnn-core depends on nothing but SLF4J): model-file
 * headers and metadata, checkpoints, configuration files, test fixtures.
 *
 * <p>Reading follows RFC 8259 strictly and is safe on hostile input: objects become {@code
 * LinkedHashMap<String, Object>} (key order kept), arrays {@code List<Object>}, numbers {@code
 * Long} (integral, no fraction or exponent, within the 64-bit range) or {@code Double} (finite),
 * and {@code true/false/null} their Java equivalents. Refused, with a {@link JsonException} naming
 * the line, column and character offset: malformed text, a duplicate key in one object, nesting
 * deeper than {@link Limits#maxDepth()}, a string longer than {@link Limits#maxStringLength()},
 * a document longer than {@link Limits#maxDocumentLength()}. The work is linear in the length of
 * the text and the recursion is bounded by the depth limit, so no input ends in a {@code
 * StackOverflowError}. Stateless and thread-safe.
 */
public final class Json {
  /**
   * Default deepest nesting of arrays and objects: 64. The project's own documents need at most
   * 4 (model headers 3, checkpoint state 3, gradient fixtures 4).
   */
  public static final int MAX_DEPTH = 64;
  /**
   * Default longest string, in UTF-16 chars after unescaping: 64 Mi. Model files keep their
   * vocabulary as one JSON string inside the header, so this bounds the vocabulary text.
   */
  public static final int MAX_STRING_LENGTH = 1 << 26;
  /** Default longest document, in UTF-16 chars: 128 Mi (model headers are at most 100 MiB). */
  public static final int MAX_DOCUMENT_LENGTH = 1 << 27;

  private final String s;
  private final Limits limits;
  private int i;
  private int depth;

  private Json(String s, Limits limits) {
    this.s = s;
    this.limits = limits;
  }

  /**
   * Bounds enforced while reading; every value must be at least 1.
   *
   * @param maxDepth deepest nesting of arrays and objects ({@code [[1]]} has depth 2)
   * @param maxStringLength longest string (key or value) in chars, after unescaping
   * @param maxDocumentLength longest document in chars
   */
  public record Limits(int maxDepth, int maxStringLength, int maxDocumentLength) {
    /** The defaults {@link #MAX_DEPTH}, {@link #MAX_STRING_LENGTH}, {@link #MAX_DOCUMENT_LENGTH}. */
    public static final Limits DEFAULT = new Limits(MAX_DEPTH, MAX_STRING_LENGTH, MAX_DOCUMENT_LENGTH);

    /** @throws IllegalArgumentException when a bound is below 1 */
    public Limits {
      if (maxDepth < 1 || maxStringLength < 1 || maxDocumentLength < 1) {
        throw new IllegalArgumentException("JSON limits must be at least 1");
      }
    }
  }

  /**
   * Thrown for text that is not acceptable JSON. It is an {@link RnnException}: the message is one
   * line naming the problem and where it is ({@code "... at line 3, column 7 (character 41)"});
   * callers usually prefix the file name.
   */
  public static final class JsonException extends RnnException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;
    private final int offset;

    JsonException(String message, int line, int column, int offset) {
      super(line > 0
          ? message + " at line " + line + ", column " + column + " (character " + offset + ")"
          : message);
      this.line = line;
      this.column = column;
      this.offset = offset;
    }

    /** @return the 1-based line of the problem, or 0 when it concerns the whole document */
    public int line() {
      return line;
    }

    /** @return the 1-based column (in chars) of the problem, or 0 for the whole document */
    public int column() {
      return column;
    }

    /** @return the 0-based character offset of the problem in the document */
    public int offset() {
      return offset;
    }
  }

  /**
   * Parses {@code text} with the {@link Limits#DEFAULT default limits}.
   *
   * @return the value of the JSON text {@code text}
   * @throws JsonException if the text is not one well-formed JSON value within the limits
   */
  public static Object parse(String text) {
    return parse(text, Limits.DEFAULT);
  }

  /**
   * Parses {@code text} within {@code limits}.
   *
   * @return the value of the JSON text {@code text}
   * @throws JsonException if the text is not one well-formed JSON value within the limits
   */
  public static Object parse(String text, Limits limits) {
    if (text.length() > limits.maxDocumentLength()) {
      throw new JsonException("JSON document of " + text.length()
          + " characters is longer than the limit of " + limits.maxDocumentLength(), 0, 0, 0);
    }
    Json p = new Json(text, limits);
    p.ws();
    Object v = p.value();
    p.ws();
    if (p.i != text.length()) {
      throw p.error("unexpected text after the JSON value");
    }
    return v;
  }

  private JsonException error(String what) {
    return errorAt(what, i);
  }

  private JsonException errorAt(String what, int at) {
    int line = 1;
    int lineStart = 0;
    for (int k = 0; k < at && k < s.length(); k++) {
      if (s.charAt(k) == '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    return new JsonException(what, line, at - lineStart + 1, at);
  }

  private void ws() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      i++;
    }
  }

  private Object value() {
    char c = peek();
    switch (c) {
      case '{': return object();
      case '[': return array();
      case '"': return string();
      case 't': return literal("true", Boolean.TRUE);
      case 'f': return literal("false", Boolean.FALSE);
      case 'n': return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character " + describe(c));
    }
  }

  private static String describe(char c) {
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  private Object literal(String word, Object v) {
    if (!s.startsWith(word, i)) {
      throw error("expected " + word);
    }
    i += word.length();
    return v;
  }

  private void enter() {
    if (++depth > limits.maxDepth()) {
      throw error("JSON nested deeper than the limit of " + limits.maxDepth());
    }
    i++;
    ws();
  }

  private Map<String, Object> object() {
    enter();
    Map<String, Object> m = new LinkedHashMap<>();
    if (peek() == '}') {
      return close(m);
    }
    while (true) {
      ws();
      if (peek() != '"') {
        throw error("expected a string key");
      }
      int keyAt = i;
      String k = string();
      if (m.containsKey(k)) {
        throw errorAt("duplicate key '" + Messages.shorten(k) + "'", keyAt);
      }
      ws();
      expect(':');
      ws();
      m.put(k, value());
      ws();
      char c = next();
      if (c == '}') {
        depth--;
        return m;
      }
      if (c != ',') {
        i--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private <T> T close(T container) {
    i++;
    depth--;
    return container;
  }

  private List<Object> array() {
    enter();
    List<Object> l = new ArrayList<>();
    if (peek() == ']') {
      return close(l);
    }
    while (true) {
      ws();
      l.add(value());
      ws();
      char c = next();
      if (c == ']') {
        depth--;
        return l;
      }
      if (c != ',') {
        i--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private char peek() {
    if (i >= s.length()) {
      throw error("unexpected end of JSON");
    }
    return s.charAt(i);
  }

  private char next() {
    char c = peek();
    i++;
    return c;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    i++;
  }

  private String string() {
    int start = i;
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      if (b.length() > limits.maxStringLength()) {
        throw errorAt("JSON string longer than the limit of " + limits.maxStringLength(), start);
      }
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        escape(b);
      } else if (c < 0x20) {
        i--;
        throw error("control character " + describe(c) + " in a string");
      } else {
        b.append(c);
      }
    }
  }

  private void escape(StringBuilder b) {
    char e = next();
    switch (e) {
      case '"': b.append('"'); break;
      case '\\': b.append('\\'); break;
      case '/': b.append('/'); break;
      case 'b': b.append('\b'); break;
      case 'f': b.append('\f'); break;
      case 'n': b.append('\n'); break;
      case 'r': b.append('\r'); break;
      case 't': b.append('\t'); break;
      case 'u':
        int code = 0;
        for (int k = 0; k < 4; k++) {
          int d = Character.digit(next(), 16);
          if (d < 0) {
            i--;
            throw error("bad \\u escape");
          }
          code = code * 16 + d;
        }
        b.append((char) code);
        break;
      default:
        i--;
        throw error("bad escape '\\" + describe(e) + "'");
    }
  }

  private Object number() {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    if (peek() == '0') {
      i++;
    } else {
      digits(start);
    }
    boolean integral = true;
    if (i < s.length() && s.charAt(i) == '.') {
      integral = false;
      i++;
      digits(start);
    }
    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      integral = false;
      i++;
      if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      digits(start);
    }
    String t = s.substring(start, i);
    if (integral) {
      try {
        return Long.parseLong(t);
      } catch (NumberFormatException e) {
        throw errorAt("integer " + Messages.shorten(t) + " outside the 64-bit range", start);
      }
    }
    double d = Double.parseDouble(t);
    if (!Double.isFinite(d)) {
      throw errorAt("number " + Messages.shorten(t) + " outside the range of a double", start);
    }
    return d;
  }

  private void digits(int numberStart) {
    int from = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    if (i == from) {
      throw errorAt("bad number '" + Messages.shorten(s.substring(numberStart, Math.min(i + 1, s.length())))
          + "'", numberStart);
    }
  }

  /**
   * Writes {@code value} as compact JSON: maps (keys via {@code String.valueOf}), iterables,
   * strings, numbers, booleans and {@code null}.
   *
   * @throws IllegalArgumentException for a non-finite double or a value of another type
   */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(value, b);
    return b.toString();
  }

  private static void write(Object v, StringBuilder b) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String) {
      quote((String) v, b);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("JSON cannot hold " + d);
      }
      b.append(d);
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Map) {
      b.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        b.append(sep);
        sep = ",";
        quote(String.valueOf(e.getKey()), b);
        b.append(':');
        write(e.getValue(), b);
      }
      b.append('}');
    } else if (v instanceof Iterable) {
      b.append('[');
      String sep = "";
      for (Object o : (Iterable<?>) v) {
        b.append(sep);
        sep = ",";
        write(o, b);
      }
      b.append(']');
    } else {
      throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
    }
  }

  private static void quote(String s, StringBuilder b) {
    b.append('"');
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '\n': b.append("\\n"); break;
        case '\r': b.append("\\r"); break;
        case '\t': b.append("\\t"); break;
        default:
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }
}

package dev.rnn4j.testkit.fuzz;

import java.util.SplittableRandom;

/**
 * Writes random JSON-like text from the grammar: nested values (sometimes deeper than any
 * parser's limit), strings with escapes and unpaired surrogates, numbers at the edges of their
 * range, repeated keys, and now and then a deliberate slip (a missing comma, a stray token).
 * Stateless; thread-safe.
 */
final class JsonGenerator {
  private static final String[] NUMBERS = {"0", "-0", "1", "-1", "1.5", "1e308", "1e309", "-1e-400",
    "9223372036854775807", "9223372036854775808", "-9223372036854775809", "01", "1.", ".5", "1e",
    "0x10", "NaN", "Infinity", "-Infinity", "2.5E+3", "1234567890123456789012345678901234567890"};
  private static final String[] KEYS = {"vocab_size", "hidden_size", "layers", "cell", "dtype",
    "cell_options", "epoch", "history", "schedule", "learning_rate", "step", "__metadata__",
    "shape", "data_offsets", "format", "", "a", "a"};
  private static final String[] SLIPS = {",", "]", "}", ":", "\"", "\\", "\u0000", "tru", "nul", "//"};

  private JsonGenerator() {}

  /** @return a random JSON-like document */
  static String document(SplittableRandom r) {
    StringBuilder b = new StringBuilder();
    int maxDepth = r.nextInt(10) == 0 ? 40 + r.nextInt(60) : 1 + r.nextInt(6);
    value(b, r, 0, maxDepth);
    return b.toString();
  }

  private static void value(StringBuilder b, SplittableRandom r, int depth, int maxDepth) {
    if (r.nextInt(60) == 0) {
      b.append(SLIPS[r.nextInt(SLIPS.length)]);
    }
    int kind = depth >= maxDepth ? 2 + r.nextInt(4) : r.nextInt(depth < 2 ? 3 : 7);
    switch (kind) {
      case 0: object(b, r, depth, maxDepth); break;
      case 1: array(b, r, depth, maxDepth); break;
      case 2: string(b, r); break;
      case 3: b.append(NUMBERS[r.nextInt(NUMBERS.length)]); break;
      case 4: b.append(r.nextBoolean() ? "true" : "false"); break;
      case 5: b.append("null"); break;
      default: b.append(r.nextLong()); break;
    }
  }

  private static void object(StringBuilder b, SplittableRandom r, int depth, int maxDepth) {
    b.append('{');
    int n = r.nextInt(depth + 1 >= maxDepth - 1 ? 2 : 5);
    for (int k = 0; k < n; k++) {
      b.append(k > 0 ? "," : "").append(ws(r));
      b.append('"').append(KEYS[r.nextInt(KEYS.length)]).append('"').append(ws(r)).append(':');
      value(b, r, depth + 1, maxDepth);
    }
    b.append(ws(r)).append('}');
  }

  private static void array(StringBuilder b, SplittableRandom r, int depth, int maxDepth) {
    b.append('[');
    int n = r.nextInt(depth + 1 >= maxDepth - 1 ? 2 : 5);
    for (int k = 0; k < n; k++) {
      b.append(k > 0 ? "," : "").append(ws(r));
      value(b, r, depth + 1, maxDepth);
    }
    b.append(ws(r)).append(']');
  }

  private static String ws(SplittableRandom r) {
    String[] w = {"", "", "", " ", "\n", "\t", "\r\n", "\u00a0", "\u000b"};
    return w[r.nextInt(w.length)];
  }

  private static void string(StringBuilder b, SplittableRandom r) {
    b.append('"');
    int n = r.nextInt(r.nextInt(20) == 0 ? 3000 : 12);
    for (int k = 0; k < n; k++) {
      switch (r.nextInt(8)) {
        case 0: b.append("\\u").append(String.format("%04x", r.nextInt(0x10000))); break;
        case 1: b.append('\\').append("\"\\/bfnrtx".charAt(r.nextInt(9))); break;
        case 2: b.append((char) (0xd800 + r.nextInt(0x800))); break;
        case 3: b.appendCodePoint(0x4e00 + r.nextInt(0x5000)); break;
        default: b.append((char) (0x20 + r.nextInt(0x5f))); break;
      }
    }
    if (r.nextInt(30) != 0) {
      b.append('"');
    }
  }
}

package dev.rnn4j.tokenizers;

/**
 * UTF-8 for BPE byte fallback, extended (as WTF-8 does) to encode unpaired surrogates as the three
 * bytes of their value, so that every Java string round-trips. Stateless.
 */
final class Utf8 {
  private Utf8() {}

  /** Writes the bytes of {@code cp} (as ints 0..255) into {@code out} at {@code n}; @return new n */
  static int encode(int cp, int[] out, int n) {
    if (cp < 0x80) {
      out[n++] = cp;
    } else if (cp < 0x800) {
      out[n++] = 0xC0 | (cp >> 6);
      out[n++] = 0x80 | (cp & 0x3F);
    } else if (cp < 0x10000) {
      out[n++] = 0xE0 | (cp >> 12);
      out[n++] = 0x80 | ((cp >> 6) & 0x3F);
      out[n++] = 0x80 | (cp & 0x3F);
    } else {
      out[n++] = 0xF0 | (cp >> 18);
      out[n++] = 0x80 | ((cp >> 12) & 0x3F);
      out[n++] = 0x80 | ((cp >> 6) & 0x3F);
      out[n++] = 0x80 | (cp & 0x3F);
    }
    return n;
  }

  /**
   * Appends the text of {@code bytes[0, n)}; a byte that does not start a well-formed sequence
   * (which only hand-made token lists contain) becomes U+FFFD.
   */
  static void decode(byte[] bytes, int n, StringBuilder out) {
    int i = 0;
    while (i < n) {
      int b = bytes[i] & 0xFF;
      int len = b < 0x80 ? 1 : b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 ? (b < 0xF0 ? 3 : 0)
          : b >= 0xC2 ? 2 : 0;
      int cp = len == 1 ? b : len == 2 ? b & 0x1F : len == 3 ? b & 0x0F : b & 0x07;
      boolean ok = len > 0 && i + len <= n;
      for (int k = 1; ok && k < len; k++) {
        int c = bytes[i + k] & 0xFF;
        ok = (c & 0xC0) == 0x80;
        cp = (cp << 6) | (c & 0x3F);
      }
      int min = len == 2 ? 0x80 : len == 3 ? 0x800 : len == 4 ? 0x10000 : 0;
      if (ok && cp >= min && cp <= Character.MAX_CODE_POINT) {
        out.appendCodePoint(cp);
        i += len;
      } else {
        out.append('\uFFFD');
        i++;
      }
    }
  }
}

package dev.rnn4j.tokenizers;

/**
 * Character classes used by several tokenizers (also those of other modules), fixed here rather
 * than taken from the JDK so that results are the same on every Java version. Stateless.
 */
public final class UnicodeText {
  private UnicodeText() {}

  /**
   * @return whether {@code cp} has the Unicode {@code White_Space} property (tab, line feed, space,
   *     no-break space, ideographic space U+3000 and the rest of PropList.txt's list)
   */
  public static boolean isWhiteSpace(int cp) {
    if (cp <= 0x20) {
      return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D);
    }
    switch (cp) {
      case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
      case 0x3000:
        return true;
      default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
  }

  /** Compares two strings by code point (not UTF-16 unit), so supplementary characters sort last. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /**
   * @return whether an extended grapheme cluster boundary lies between {@code left} (non-empty)
   *     and {@code right} (non-empty), by the Unicode 15.0 rules of the bundled table (the same
   *     answer on every Java version)
   */
  public static boolean isGraphemeBoundary(CharSequence left, CharSequence right) {
    return Graphemes.isBoundary(left, right);
  }
}

package dev.rnn4j.tokenizers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Extended grapheme clusters by the rules of Unicode Standard Annex #29 (GB3–GB13, GB999) for the
 * Unicode version of the bundled table {@code grapheme-break.txt} (regenerate it with {@code
 * scripts/gen-grapheme-data}). The JDK's own {@code \X} and {@code BreakIterator} follow different
 * Unicode versions (and rules) on JDK 17 and 25; this class gives the same answer on both.
 *
 * <p>Stateless and thread-safe; the table is loaded once, on first use.
 */
final class Graphemes {
  static final int OTHER = 0;
  static final int CR = 1;
  static final int LF = 2;
  static final int CONTROL = 3;
  static final int EXTEND = 4;
  static final int ZWJ = 5;
  static final int REGIONAL_INDICATOR = 6;
  static final int PREPEND = 7;
  static final int SPACING_MARK = 8;
  static final int L = 9;
  static final int V = 10;
  static final int T = 11;
  static final int LV = 12;
  static final int LVT = 13;
  static final int EXT_PICT = 14;

  private static final String[] NAMES = {
    "Other", "CR", "LF", "Control", "Extend", "ZWJ", "Regional_Indicator", "Prepend",
    "SpacingMark", "L", "V", "T", "LV", "LVT", "ExtPict"
  };

  private Graphemes() {}

  /** @return the extended grapheme clusters of {@code text}, in order; they concatenate to it */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    Scanner s = new Scanner();
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (s.breaksBefore(Table.property(cp)) && i > start) {
        out.add(text.substring(start, i));
        start = i;
      }
      i += Character.charCount(cp);
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }

  /**
   * @return whether there is a grapheme cluster boundary between {@code left} (non-empty, scanned
   *     from its start) and {@code right} (non-empty)
   */
  static boolean isBoundary(CharSequence left, CharSequence right) {
    Scanner s = new Scanner();
    for (int i = 0; i < left.length(); ) {
      int cp = Character.codePointAt(left, i);
      s.breaksBefore(Table.property(cp));
      i += Character.charCount(cp);
    }
    return s.breaksBefore(Table.property(Character.codePointAt(right, 0)));
  }

  /** @return the property name of {@code cp} (for messages and tests) */
  static String propertyName(int cp) {
    return NAMES[Table.property(cp)];
  }

  /** Walks code points left to right, remembering what rules GB11 and GB12/13 need. */
  private static final class Scanner {
    private int prev = -1;
    private int regionalIndicators;
    /** 0 none, 1 after ExtPict Extend*, 2 after ExtPict Extend* ZWJ. */
    private int emoji;

    /** Feeds the next code point's property; @return whether a boundary precedes it. */
    boolean breaksBefore(int p) {
      boolean brk = prev < 0 || decide(prev, p);
      regionalIndicators = p == REGIONAL_INDICATOR ? regionalIndicators + 1 : 0;
      if (p == EXT_PICT) {
        emoji = 1;
      } else if (p == EXTEND && emoji == 1) {
        emoji = 1;
      } else if (p == ZWJ && emoji == 1) {
        emoji = 2;
      } else {
        emoji = 0;
      }
      prev = p;
      return brk;
    }

    private boolean decide(int a, int b) {
      if (a == CR && b == LF) {
        return false; // GB3
      }
      if (a == CONTROL || a == CR || a == LF || b == CONTROL || b == CR || b == LF) {
        return true; // GB4, GB5
      }
      if (a == L && (b == L || b == V || b == LV || b == LVT)) {
        return false; // GB6
      }
      if ((a == LV || a == V) && (b == V || b == T)) {
        return false; // GB7
      }
      if ((a == LVT || a == T) && b == T) {
        return false; // GB8
      }
      if (b == EXTEND || b == ZWJ || b == SPACING_MARK || a == PREPEND) {
        return false; // GB9, GB9a, GB9b
      }
      if (a == ZWJ && b == EXT_PICT && emoji == 2) {
        return false; // GB11
      }
      if (a == REGIONAL_INDICATOR && b == REGIONAL_INDICATOR) {
        return regionalIndicators % 2 == 0; // GB12, GB13
      }
      return true; // GB999
    }
  }

  /** The property table, loaded when first needed. */
  private static final class Table {
    private static final int[] STARTS;
    private static final int[] ENDS;
    private static final byte[] VALUES;

    static {
      List<int[]> rows = new ArrayList<>();
      try (InputStream in = Graphemes.class.getResourceAsStream("grapheme-break.txt")) {
        if (in == null) {
          throw new IllegalStateException("grapheme-break.txt is missing from rnn-tokenizers");
        }
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.isEmpty() || line.charAt(0) == '#') {
            continue;
          }
          String[] f = line.split(" ");
          rows.add(new int[] {Integer.parseInt(f[0], 16), Integer.parseInt(f[1], 16), index(f[2])});
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      STARTS = new int[rows.size()];
      ENDS = new int[rows.size()];
      VALUES = new byte[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        STARTS[i] = rows.get(i)[0];
        ENDS[i] = rows.get(i)[1];
        VALUES[i] = (byte) rows.get(i)[2];
      }
    }

    private static int index(String name) {
      for (int i = 0; i < NAMES.length; i++) {
        if (NAMES[i].equals(name)) {
          return i;
        }
      }
      throw new IllegalStateException("unknown grapheme break property " + name);
    }

    static int property(int cp) {
      int lo = 0;
      int hi = STARTS.length - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (cp < STARTS[mid]) {
          hi = mid - 1;
        } else if (cp > ENDS[mid]) {
          lo = mid + 1;
        } else {
          return VALUES[mid];
        }
      }
      return OTHER;
    }
  }
}

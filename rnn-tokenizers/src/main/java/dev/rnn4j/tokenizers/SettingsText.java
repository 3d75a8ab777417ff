package dev.rnn4j.tokenizers;

import dev.rnn4j.api.RnnException;
import java.util.ArrayList;
import java.util.List;

/**
 * Escaping for token lists stored in one string setting: items are separated by a space (and
 * pairs of items by a line feed); inside an item, backslash, space, line feed, carriage return
 * and tab are written {@code \\ \s \n \r \t}. Stateless.
 */
final class SettingsText {
  private SettingsText() {}

  static void escape(String item, StringBuilder out) {
    for (int i = 0; i < item.length(); i++) {
      char c = item.charAt(i);
      switch (c) {
        case '\\': out.append("\\\\"); break;
        case ' ': out.append("\\s"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default: out.append(c);
      }
    }
  }

  /** @throws RnnException naming {@code what} when an escape is malformed */
  static String unescape(String item, String what) {
    StringBuilder sb = new StringBuilder(item.length());
    for (int i = 0; i < item.length(); i++) {
      char c = item.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = ++i < item.length() ? item.charAt(i) : '?';
      switch (e) {
        case '\\': sb.append('\\'); break;
        case 's': sb.append(' '); break;
        case 'n': sb.append('\n'); break;
        case 'r': sb.append('\r'); break;
        case 't': sb.append('\t'); break;
        default: throw new RnnException(what + " has a bad escape '\\" + e + "' in '" + item + "'");
      }
    }
    return sb.toString();
  }

  /** Splits on {@code separator} (no empty items: consecutive separators are an error). */
  static List<String> split(String text, char separator, String what) {
    List<String> out = new ArrayList<>();
    if (text.isEmpty()) {
      return out;
    }
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == separator) {
        if (i == start) {
          throw new RnnException(what + " has an empty item at character " + i);
        }
        out.add(text.substring(start, i));
        start = i + 1;
      }
    }
    return out;
  }
}

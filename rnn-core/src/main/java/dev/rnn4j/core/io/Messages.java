package dev.rnn4j.core.io;

/**
 * Puts text that comes from a user's file into an error message so that the message stays one
 * readable line: {@link #shorten} for a quoted value, {@link #oneLine} for a whole message of a
 * plugin that may quote such values. Stateless.
 */
public final class Messages {
  private Messages() {}

  /** @return {@code text} cut to at most 40 chars, non-printable chars escaped ({@code \u000a}) */
  public static String shorten(String text) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < text.length() && k < 40; k++) {
      char c = text.charAt(k);
      b.append(c >= 0x20 && c != 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return text.length() > 40 ? b + "…" : b.toString();
  }

  /** @return {@code message} as one line of at most 500 chars, control characters as '?' */
  public static String oneLine(String message) {
    String line = String.valueOf(message).replaceAll("\\p{Cntrl}", "?");
    return line.length() <= 500 ? line : line.substring(0, 500) + "…";
  }
}

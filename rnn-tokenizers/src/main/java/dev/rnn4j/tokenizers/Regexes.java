package dev.rnn4j.tokenizers;

import dev.rnn4j.api.RnnException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Compiles user-written regular expressions with messages for users. */
final class Regexes {
  private Regexes() {}

  /** @throws RnnException naming {@code what} and the syntax error when the regex is invalid */
  static Pattern compile(String regex, String what) {
    if (regex.isEmpty()) {
      throw new RnnException(what + " must not be empty");
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new RnnException(
          what + " is not a valid regular expression: " + e.getDescription()
              + " near index " + e.getIndex() + " of '" + regex + "'", e);
    }
  }
}

package dev.rnn4j.tokenizers;

import dev.rnn4j.api.Options;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokens are the matches of a regular expression; text between matches (whitespace, with the
 * default expression) is dropped. The default expression makes each Han character a token, and
 * runs of other letters (with their combining marks), numbers ({@code 3.14}, {@code 1,000}) and
 * each other non-space character (punctuation, symbols, emoji code points) tokens:
 * {@code Debian写了2个bug} gives {@code Debian 写 了 2 个 bug}.
 *
 * <p>Before matching, the text is optionally NFKC-normalized ({@code nfkc=true}: full-width
 * {@code ＡＢＣ１２３} becomes {@code ABC123}) and then lower-cased ({@code lowercase=true}, locale
 * independent). Character classes come from the running JDK's Unicode tables, so characters
 * assigned after Unicode 13 may be classified differently on JDK 17 than on newer JDKs.
 *
 * <p>Not lossless. {@link #detokenize} is a readable approximation: single spaces between tokens,
 * none next to Han characters or CJK punctuation, none before closing punctuation ({@code , . ! ?
 * ; : ) ] }}) nor after opening brackets. Immutable and thread-safe.
 */
final class PatternTokenizer extends AbstractTokenizer {
  static final String NAME = "pattern";
  static final String PATTERN = "pattern";
  static final String LOWERCASE = "lowercase";
  static final String NFKC = "nfkc";

  private static final String HAN = "\\p{IsHan}\\x{20000}-\\x{3FFFF}";
  /** The default expression: Han characters, words, numbers, single other characters. */
  static final String DEFAULT_PATTERN =
      "[" + HAN + "]"
          + "|[\\p{L}\\p{M}&&[^" + HAN + "]]+"
          + "|\\p{N}+(?:[.,]\\p{N}+)*"
          + "|[^\\p{IsWhite_Space}\\p{L}\\p{M}\\p{N}]";

  private final Pattern pattern;
  private final boolean lowercase;
  private final boolean nfkc;
  private final Options settings;

  /** @throws dev.rnn4j.api.RnnException when {@code regex} does not compile */
  PatternTokenizer(String regex, boolean lowercase, boolean nfkc) {
    this.pattern = Regexes.compile(regex, "setting 'pattern' of tokenizer 'pattern'");
    this.lowercase = lowercase;
    this.nfkc = nfkc;
    this.settings =
        Options.of(
            PATTERN, regex, LOWERCASE, Boolean.toString(lowercase), NFKC, Boolean.toString(nfkc));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> tokenize(String text) {
    String t = nfkc ? Normalizer.normalize(text, Normalizer.Form.NFKC) : text;
    if (lowercase) {
      t = t.toLowerCase(Locale.ROOT);
    }
    List<String> out = new ArrayList<>();
    Matcher m = pattern.matcher(t);
    while (m.find()) {
      if (m.end() > m.start()) {
        out.add(m.group());
      }
    }
    return out;
  }

  @Override
  public String detokenize(List<String> tokens) {
    StringBuilder sb = new StringBuilder();
    String prev = null;
    for (String token : tokens) {
      if (token.isEmpty()) {
        continue;
      }
      if (prev != null && spaceBetween(prev.codePointBefore(prev.length()), token.codePointAt(0))) {
        sb.append(' ');
      }
      sb.append(token);
      prev = token;
    }
    return sb.toString();
  }

  private static boolean spaceBetween(int left, int right) {
    if (isCjk(left) || isCjk(right)) {
      return false;
    }
    return ",.!?;:)]}%".indexOf(right) < 0 && "([{".indexOf(left) < 0;
  }

  private static boolean isCjk(int cp) {
    return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN
        || (cp >= 0x3000 && cp <= 0x303F)
        || (cp >= 0xFF00 && cp <= 0xFFEF)
        || cp >= 0x20000;
  }

  @Override
  public Options settings() {
    return settings;
  }
}

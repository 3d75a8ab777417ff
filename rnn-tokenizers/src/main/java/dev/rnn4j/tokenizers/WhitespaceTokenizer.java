package dev.rnn4j.tokenizers;

import dev.rnn4j.api.Options;
import java.util.ArrayList;
import java.util.List;

/**
 * Words are the runs of non-whitespace (Unicode {@code White_Space}: spaces, tabs, line breaks,
 * no-break and ideographic spaces); {@link #detokenize} joins them with single spaces, so the
 * tokenizer is not lossless. This is how pre-segmented text such as {@code 我 昨天 上学 迟到 了} is
 * read. Immutable and thread-safe.
 */
final class WhitespaceTokenizer extends AbstractTokenizer {
  static final String NAME = "whitespace";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (UnicodeText.isWhiteSpace(cp)) {
        if (start >= 0) {
          out.add(text.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      out.add(text.substring(start));
    }
    return out;
  }

  @Override
  public String detokenize(List<String> tokens) {
    return String.join(" ", tokens);
  }

  @Override
  public Options settings() {
    return Options.empty();
  }
}

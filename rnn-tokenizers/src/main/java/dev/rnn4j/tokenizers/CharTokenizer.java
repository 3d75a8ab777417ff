package dev.rnn4j.tokenizers;

import dev.rnn4j.api.Options;
import java.util.ArrayList;
import java.util.List;

/**
 * One token per code point (a surrogate pair stays whole; an unpaired surrogate is a token of its
 * own), or, with {@code graphemes=true}, one token per extended grapheme cluster as defined by
 * {@link Graphemes} (emoji ZWJ sequences, flags, skin tones and combining marks stay whole, the
 * same on every JDK). Lossless: the tokens concatenate to the text. Immutable and thread-safe.
 */
final class CharTokenizer extends AbstractTokenizer {
  static final String NAME = "char";
  static final String GRAPHEMES = "graphemes";

  private final boolean graphemes;
  private final Options settings;

  CharTokenizer(boolean graphemes) {
    this.graphemes = graphemes;
    this.settings = Options.of(GRAPHEMES, Boolean.toString(graphemes));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> tokenize(String text) {
    if (graphemes) {
      return Graphemes.split(text);
    }
    List<String> out = new ArrayList<>(text.length());
    for (int i = 0; i < text.length(); ) {
      int n = Character.charCount(text.codePointAt(i));
      out.add(text.substring(i, i + n));
      i += n;
    }
    return out;
  }

  @Override
  public String detokenize(List<String> tokens) {
    return String.join("", tokens);
  }

  @Override
  public boolean isLossless() {
    return true;
  }

  @Override
  public Options settings() {
    return settings;
  }
}

package org.example.capwords;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Words in lower case, with a {@code ^} token before every word that began with a capital, and
 * each other non-space character as a token of its own: "The Cat sat." gives {@code ^ the ^ cat
 * sat .}. "The" and "the" share one entry of the vocabulary, so an English model needs fewer words
 * and learns capitals as one habit. Joining restores the capitals and puts single spaces between
 * words (not lossless: runs of whitespace become one space). Immutable and thread-safe.
 */
public final class CapWordsTokenizer implements Tokenizer {
  /** The token that marks a capitalised word. */
  public static final String CAP = "^";

  @Override
  public String name() {
    return CapWordsTokenizerProvider.NAME;
  }

  @Override
  public List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (Character.isWhitespace(cp)) {
        i += Character.charCount(cp);
      } else if (Character.isLetter(cp)) {
        int end = i;
        while (end < text.length() && Character.isLetter(text.codePointAt(end))) {
          end += Character.charCount(text.codePointAt(end));
        }
        String word = text.substring(i, end);
        if (Character.isUpperCase(cp)) {
          out.add(CAP);
        }
        out.add(word.toLowerCase(Locale.ROOT));
        i = end;
      } else {
        out.add(new String(Character.toChars(cp)));
        i += Character.charCount(cp);
      }
    }
    return out;
  }

  @Override
  public String detokenize(List<String> tokens) {
    StringBuilder b = new StringBuilder();
    boolean cap = false;
    for (String t : tokens) {
      if (t.equals(CAP)) {
        cap = true;
        continue;
      }
      if (b.length() > 0 && Character.isLetterOrDigit(t.codePointAt(0))) {
        b.append(' ');
      }
      b.append(cap ? t.substring(0, 1).toUpperCase(Locale.ROOT) + t.substring(1) : t);
      cap = false;
    }
    return b.toString();
  }

  @Override
  public Options settings() {
    return Options.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CapWordsTokenizer;
  }

  @Override
  public int hashCode() {
    return CapWordsTokenizerProvider.NAME.hashCode();
  }
}

package dev.rnn4j.tokenizers;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;
import java.util.Set;

/**
 * Provides the {@code char} tokenizer. Option {@code graphemes} ({@code false}: code points;
 * {@code true}: extended grapheme clusters). Stateless and thread-safe.
 */
public final class CharTokenizerProvider implements TokenizerProvider {
  /** Creates the provider; does no work. */
  public CharTokenizerProvider() {}

  @Override
  public String name() {
    return CharTokenizer.NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public String description() {
    return "one token per code point, or per grapheme cluster with graphemes=true; lossless";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(CharTokenizer.GRAPHEMES);
  }

  @Override
  public Tokenizer create(Options options) {
    options.requireKnownKeys(optionKeys(), "tokenizer '" + name() + "'");
    return new CharTokenizer(options.getBoolean(CharTokenizer.GRAPHEMES, false));
  }
}

package dev.rnn4j.tokenizers;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;

/** Provides the {@code whitespace} tokenizer (no options). Stateless and thread-safe. */
public final class WhitespaceTokenizerProvider implements TokenizerProvider {
  /** Creates the provider; does no work. */
  public WhitespaceTokenizerProvider() {}

  @Override
  public String name() {
    return WhitespaceTokenizer.NAME;
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public String description() {
    return "words separated by Unicode whitespace (pre-segmented text); joins with single spaces";
  }

  @Override
  public Tokenizer create(Options options) {
    options.requireKnownKeys(optionKeys(), "tokenizer '" + name() + "'");
    return new WhitespaceTokenizer();
  }
}

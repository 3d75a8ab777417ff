package dev.rnn4j.tokenizers;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;
import java.util.Set;

/**
 * Provides the {@code pattern} tokenizer. Options: {@code pattern} (a {@link java.util.regex}
 * expression whose matches are the tokens; default: Han characters, words, numbers, punctuation),
 * {@code lowercase} and {@code nfkc} (both {@code false} by default). Stateless and thread-safe.
 */
public final class PatternTokenizerProvider implements TokenizerProvider {
  /** Creates the provider; does no work. */
  public PatternTokenizerProvider() {}

  @Override
  public String name() {
    return PatternTokenizer.NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public String description() {
    return "regex tokens: words, numbers, punctuation, one token per Han character";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(PatternTokenizer.PATTERN, PatternTokenizer.LOWERCASE, PatternTokenizer.NFKC);
  }

  @Override
  public Tokenizer create(Options options) {
    options.requireKnownKeys(optionKeys(), "tokenizer '" + name() + "'");
    return new PatternTokenizer(
        options.get(PatternTokenizer.PATTERN, PatternTokenizer.DEFAULT_PATTERN),
        options.getBoolean(PatternTokenizer.LOWERCASE, false),
        options.getBoolean(PatternTokenizer.NFKC, false));
  }
}

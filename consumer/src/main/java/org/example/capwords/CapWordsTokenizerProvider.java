package org.example.capwords;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;

/** Provides {@link CapWordsTokenizer} under the name {@value #NAME}; found by ServiceLoader. */
public final class CapWordsTokenizerProvider implements TokenizerProvider {
  /** The plugin's name, as users write it in configuration. */
  public static final String NAME = "capwords";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return -50;
  }

  @Override
  public String description() {
    return "lower-case words with a ^ token before capitalised ones (example plugin of a consumer project)";
  }

  @Override
  public Tokenizer create(Options options) {
    options.requireKnownKeys(optionKeys(), "tokenizer '" + NAME + "'");
    return new CapWordsTokenizer();
  }
}

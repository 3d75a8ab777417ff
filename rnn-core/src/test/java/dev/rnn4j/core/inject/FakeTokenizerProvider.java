package dev.rnn4j.core.inject;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;

/** A tokenizer provider for wiring tests (rnn-core has none); it never creates a tokenizer. */
public final class FakeTokenizerProvider implements TokenizerProvider {
  @Override
  public String name() {
    return "fake-words";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Tokenizer create(Options options) {
    throw new UnsupportedOperationException("wiring tests only");
  }
}

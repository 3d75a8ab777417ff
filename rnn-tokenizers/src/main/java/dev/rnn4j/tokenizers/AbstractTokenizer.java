package dev.rnn4j.tokenizers;

import dev.rnn4j.api.token.Tokenizer;

/**
 * A base for tokenizer plugins, here and in other modules. Equality for tokenizers: two tokenizers are equal when they have the same class, name and
 * {@link #settings()}, which is what {@code create(settings())} must reproduce.
 */
public abstract class AbstractTokenizer implements Tokenizer {
  /** For subclasses. */
  protected AbstractTokenizer() {}

  @Override
  public final boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && ((Tokenizer) o).name().equals(name())
        && ((Tokenizer) o).settings().equals(settings());
  }

  @Override
  public final int hashCode() {
    return name().hashCode() * 31 + settings().hashCode();
  }

  @Override
  public String toString() {
    return name() + settings();
  }
}

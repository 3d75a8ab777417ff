package dev.rnn4j.api.token;

import dev.rnn4j.api.Options;
import java.util.List;

/**
 * Splits text into tokens and joins tokens back into text. Implementations are immutable and
 * thread-safe, and write nothing to stdout.
 */
public interface Tokenizer {
  /** @return the provider name that re-creates this tokenizer */
  String name();

  /**
   * @return the tokens of {@code text} in order, never null; empty for empty input. Blank input
   *     gives no tokens unless the tokenizer is {@linkplain #isLossless() lossless}, in which case
   *     the whitespace is kept so that the round trip holds
   */
  List<String> tokenize(String text);

  /**
   * Joins tokens into text. When {@link #isLossless()} holds, {@code detokenize(tokenize(t))}
   * equals {@code t}; otherwise it gives a readable approximation (for example words separated by
   * single spaces).
   */
  String detokenize(List<String> tokens);

  /**
   * Whether this tokenizer can ever produce {@code token}, so that a model file whose vocabulary
   * holds tokens its stored tokenizer cannot make (damaged settings) is refused on loading. A
   * tokenizer that cannot tell answers true (the default).
   *
   * @return false only when no text gives {@code token}
   */
  default boolean canProduce(String token) {
    return true;
  }

  /** @return whether {@code detokenize(tokenize(t)).equals(t)} for every text t */
  default boolean isLossless() {
    return false;
  }

  /**
   * @return everything needed to re-create an equal tokenizer with {@link
   *     TokenizerProvider#create} (learned merges included); stored in model files
   */
  Options settings();
}

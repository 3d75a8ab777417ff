package dev.rnn4j.api.token;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.plugin.PluginProvider;
import java.util.Set;

/**
 * Creates {@link Tokenizer}s. Registered in {@code
 * META-INF/services/dev.rnn4j.api.token.TokenizerProvider}.
 */
public interface TokenizerProvider extends PluginProvider {
  /** @return the option keys {@link #create} accepts */
  default Set<String> optionKeys() {
    return Set.of();
  }

  /**
   * @param options settings as written by a user or returned by {@link Tokenizer#settings()};
   *     unknown keys are an error
   */
  Tokenizer create(Options options);

  /** @return whether this tokenizer learns from a corpus ({@link #train}) before use */
  default boolean isTrainable() {
    return false;
  }

  /**
   * Learns the tokenizer from a corpus (BPE merges, say). Deterministic for a given corpus and
   * options. Tokenizers that learn nothing return {@code create(options)}.
   */
  default Tokenizer train(Iterable<String> corpus, Options options) {
    return create(options);
  }
}

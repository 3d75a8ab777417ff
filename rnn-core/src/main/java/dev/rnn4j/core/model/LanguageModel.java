package dev.rnn4j.core.model;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.Vocabulary;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained model as users keep it: the network, its vocabulary, the tokenizer that produced the
 * tokens (provider name and settings, so text can be turned into ids the same way), and the
 * provenance recorded when it was trained (rnn4j version, backend, Java version, seed, data).
 * Saved and loaded by {@link dev.rnn4j.core.io.ModelFile}.
 */
public final class LanguageModel {
  private final RnnLanguageModel network;
  private final Vocabulary vocabulary;
  private final String tokenizer;
  private final Options tokenizerSettings;
  private final Map<String, String> provenance;

  /**
   * @param tokenizer the tokenizer provider name
   * @param tokenizerSettings the tokenizer's {@code settings()}
   * @param provenance free-form facts about how the model was made (copied)
   */
  public LanguageModel(RnnLanguageModel network, Vocabulary vocabulary, String tokenizer,
      Options tokenizerSettings, Map<String, String> provenance) {
    if (network.config().vocabSize() != vocabulary.size()) {
      throw new IllegalArgumentException("network vocabulary " + network.config().vocabSize()
          + " != vocabulary size " + vocabulary.size());
    }
    this.network = network;
    this.vocabulary = vocabulary;
    this.tokenizer = tokenizer;
    this.tokenizerSettings = tokenizerSettings;
    this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
  }

  /** @return the network (weights are live, not copies) */
  public RnnLanguageModel network() {
    return network;
  }

  /** @return the vocabulary */
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** @return the tokenizer provider name */
  public String tokenizer() {
    return tokenizer;
  }

  /** @return the tokenizer settings */
  public Options tokenizerSettings() {
    return tokenizerSettings;
  }

  /** @return how the model was made */
  public Map<String, String> provenance() {
    return provenance;
  }
}

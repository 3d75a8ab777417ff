package dev.rnn4j.core.inject;

import dev.rnn4j.api.Options;

/**
 * The plugin names an application asks {@link Rnn4jModule} for. A null name means "no request":
 * {@link dev.rnn4j.core.plugin.Plugins} then applies its normal policy (system property {@code
 * rnn4j.KIND}, environment variable {@code RNN4J_KIND}, highest priority, built-in fallback). An
 * unknown or unavailable name fails when the binding is first provided, listing the choices.
 * Immutable.
 *
 * @param backend the math backend ({@code scalar}, {@code simd}, {@code ejml}) or null
 * @param backendOptions the backend's options (for example {@code threads=2}); null means none
 * @param cell the recurrent cell ({@code elman}) or null
 * @param optimizer the optimizer ({@code sgd}, {@code adam}, ...) or null
 * @param tokenizer the tokenizer ({@code whitespace}, {@code char}, ...) or null
 */
public record Rnn4jSettings(String backend, Options backendOptions, String cell, String optimizer,
    String tokenizer) {

  /** Replaces null backend options with {@link Options#empty()}. */
  public Rnn4jSettings {
    backendOptions = backendOptions == null ? Options.empty() : backendOptions;
  }

  /** @return settings that request nothing: every plugin is chosen by the normal policy */
  public static Rnn4jSettings defaults() {
    return new Rnn4jSettings(null, Options.empty(), null, null, null);
  }

  /** @return a copy requesting the backend {@code name} with {@code options} */
  public Rnn4jSettings withBackend(String name, Options options) {
    return new Rnn4jSettings(name, options, cell, optimizer, tokenizer);
  }

  /** @return a copy requesting the cell {@code name} */
  public Rnn4jSettings withCell(String name) {
    return new Rnn4jSettings(backend, backendOptions, name, optimizer, tokenizer);
  }

  /** @return a copy requesting the optimizer {@code name} */
  public Rnn4jSettings withOptimizer(String name) {
    return new Rnn4jSettings(backend, backendOptions, cell, name, tokenizer);
  }

  /** @return a copy requesting the tokenizer {@code name} */
  public Rnn4jSettings withTokenizer(String name) {
    return new Rnn4jSettings(backend, backendOptions, cell, optimizer, name);
  }
}

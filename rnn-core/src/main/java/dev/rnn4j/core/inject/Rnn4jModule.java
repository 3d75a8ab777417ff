package dev.rnn4j.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.loss.LossProvider;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.OptimizerProvider;
import dev.rnn4j.api.token.TokenizerProvider;
import dev.rnn4j.core.plugin.Plugins;

/**
 * Guice bindings for the plugins of rnn4j, chosen from {@link Rnn4jSettings} with the one
 * selection policy of {@link Plugins}. Guice is an optional dependency of rnn-core: only
 * applications that use this package need it on the class path.
 *
 * <p>Bound as singletons: {@link Plugins} ({@link Plugins#defaults()}), {@link TensorOps} (the
 * chosen backend, created with the settings' backend options), {@link CellProvider}, {@link
 * OptimizerProvider}, {@link LossProvider} (always by the policy), {@link TokenizerProvider}, and
 * the {@link Rnn4jSettings} themselves. Each is chosen when first injected, so a missing
 * tokenizer jar only fails an application that asks for a tokenizer; a bad name surfaces as a
 * Guice {@code ProvisionException} whose cause is the {@link dev.rnn4j.api.RnnException} with
 * the list of choices.
 *
 * <p>Replace any binding with {@code Modules.override(new Rnn4jModule(settings)).with(...)}; a
 * replaced {@code Plugins} (say, one with its own {@link dev.rnn4j.core.plugin.PluginSelection})
 * is used by every other binding of this module.
 */
public final class Rnn4jModule extends AbstractModule {
  private final Rnn4jSettings settings;

  /** @param settings the requested plugin names; see {@link Rnn4jSettings} */
  public Rnn4jModule(Rnn4jSettings settings) {
    this.settings = settings;
  }

  @Override
  protected void configure() {
    bind(Rnn4jSettings.class).toInstance(settings);
  }

  @Provides
  @Singleton
  Plugins plugins() {
    return Plugins.defaults();
  }

  @Provides
  @Singleton
  TensorOps backend(Plugins plugins, Rnn4jSettings s) {
    return plugins.backend(s.backend(), s.backendOptions());
  }

  @Provides
  @Singleton
  CellProvider cell(Plugins plugins, Rnn4jSettings s) {
    return plugins.select(plugins.cells(), s.cell());
  }

  @Provides
  @Singleton
  OptimizerProvider optimizer(Plugins plugins, Rnn4jSettings s) {
    return plugins.select(plugins.optimizers(), s.optimizer());
  }

  @Provides
  @Singleton
  LossProvider loss(Plugins plugins) {
    return plugins.select(plugins.losses(), null);
  }

  @Provides
  @Singleton
  TokenizerProvider tokenizer(Plugins plugins, Rnn4jSettings s) {
    return plugins.select(plugins.tokenizers(), s.tokenizer());
  }
}

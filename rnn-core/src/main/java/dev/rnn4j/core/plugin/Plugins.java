package dev.rnn4j.core.plugin;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.loss.LossProvider;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.ops.TensorOpsProvider;
import dev.rnn4j.api.optim.OptimizerProvider;
import dev.rnn4j.api.plugin.PluginProvider;
import dev.rnn4j.api.token.TokenizerProvider;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin registries of every SPI, discovered once from the class path, and the choice of
 * each plugin with the one policy of {@link PluginRegistry}. Thread-safe.
 *
 * <p>The kinds and their built-in fallbacks: {@code backend} ({@code scalar}), {@code cell}
 * ({@code elman}), {@code optimizer} ({@code sgd}), {@code loss} ({@code softmax-ce}), {@code
 * tokenizer} ({@code whitespace}, from {@code rnn-tokenizers}).
 */
public final class Plugins {
  private static final Logger LOG = LoggerFactory.getLogger(Plugins.class);
  private static volatile Plugins defaults;

  private final PluginRegistry<TensorOpsProvider> backends;
  private final PluginRegistry<CellProvider> cells;
  private final PluginRegistry<OptimizerProvider> optimizers;
  private final PluginRegistry<LossProvider> losses;
  private final PluginRegistry<TokenizerProvider> tokenizers;
  private final PluginSelection selection;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  /** Discovers every provider visible to {@code loader}; names are looked up with {@code selection}. */
  public Plugins(ClassLoader loader, PluginSelection selection) {
    this.backends = PluginRegistry.discover(TensorOpsProvider.class, "backend", "scalar", loader);
    this.cells = PluginRegistry.discover(CellProvider.class, "cell", "elman", loader);
    this.optimizers = PluginRegistry.discover(OptimizerProvider.class, "optimizer", "sgd", loader);
    this.losses = PluginRegistry.discover(LossProvider.class, "loss", "softmax-ce", loader);
    this.tokenizers = PluginRegistry.discover(TokenizerProvider.class, "tokenizer", "whitespace", loader);
    this.selection = selection;
  }

  /** @return the registries of the class loader of this class, discovered on first use */
  public static Plugins defaults() {
    Plugins p = defaults;
    if (p == null) {
      synchronized (Plugins.class) {
        p = defaults;
        if (p == null) {
          p = new Plugins(Plugins.class.getClassLoader(), new PluginSelection());
          defaults = p;
        }
      }
    }
    return p;
  }

  /** @return the math backends */
  public PluginRegistry<TensorOpsProvider> backends() {
    return backends;
  }

  /** @return the recurrent cells */
  public PluginRegistry<CellProvider> cells() {
    return cells;
  }

  /** @return the optimizers */
  public PluginRegistry<OptimizerProvider> optimizers() {
    return optimizers;
  }

  /** @return the losses */
  public PluginRegistry<LossProvider> losses() {
    return losses;
  }

  /** @return the tokenizers */
  public PluginRegistry<TokenizerProvider> tokenizers() {
    return tokenizers;
  }

  /** @return every registry, in the order {@code rnn4j env} lists them */
  public List<PluginRegistry<? extends PluginProvider>> registries() {
    return List.of(backends, cells, optimizers, losses, tokenizers);
  }

  /**
   * Chooses a provider with the one selection policy: {@code requested} when given, else the
   * system property {@code rnn4j.KIND} and the environment variable {@code RNN4J_KIND}, else the
   * available provider of highest priority, else the built-in fallback. The choice is logged once
   * at INFO. Every selection in rnn4j (configuration, model files, commands) goes through here.
   *
   * @param requested the name the user or a file asked for, or null
   * @throws dev.rnn4j.api.RnnException for an unknown or unavailable name, listing the choices
   */
  public <P extends PluginProvider> P select(PluginRegistry<P> registry, String requested) {
    P p = registry.resolve(selection.requestedName(registry.kind(), requested, null));
    if (logged.add(registry.kind() + ":" + p.name())) {
      LOG.info("{}: {}", registry.kind(), p.name());
    }
    return p;
  }

  /** The most threads a backend may be given with the option {@code threads}: 256. */
  public static final int MAX_THREADS = 256;

  /**
   * Chooses (see {@link #select}) and creates the math backend.
   *
   * @throws RnnException besides the provider's own refusals, for a {@code threads} option above
   *     {@link #MAX_THREADS}
   */
  public TensorOps backend(String requested, Options options) {
    int threads = options.getInt(TensorOpsProvider.THREADS, 1);
    if (threads > MAX_THREADS) {
      throw new RnnException("setting 'threads' of the backend must be at most " + MAX_THREADS
          + ", got " + threads);
    }
    return select(backends, requested).create(options);
  }
}

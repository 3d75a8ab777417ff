package dev.rnn4j.api.plugin;

/**
 * The shape every plugin provider shares, whatever it provides (a backend, a cell, an optimizer,
 * a tokenizer, a loss).
 *
 * <p>Providers are found with {@link java.util.ServiceLoader} from {@code META-INF/services}.
 * Their constructors must do no work: probing the machine happens in {@link #isAvailable()},
 * building the plugin in the {@code create} method of the specific provider type. A provider is
 * stateless and thread-safe.
 */
public interface PluginProvider {
  /**
   * @return the unique, lower-case name users write in configuration ({@code simd}, {@code
   *     elman}, {@code adam}); the same for every call
   */
  String name();

  /**
   * @return the rank used when the user names no provider: among the available ones, the highest
   *     priority wins. The built-in reference implementations use 0.
   */
  int priority();

  /** @return whether this provider can create its plugin in the running JVM */
  default boolean isAvailable() {
    return true;
  }

  /**
   * @return when {@link #isAvailable()} is false, one sentence saying why and how to fix it;
   *     otherwise the empty string
   */
  default String unavailableReason() {
    return "";
  }

  /** @return a one-line description for listings such as {@code rnn4j env} */
  default String description() {
    return "";
  }
}

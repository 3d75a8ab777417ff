package dev.rnn4j.core.plugin;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the name of a chosen plugin comes from, in order: the command-line flag, the
 * configuration file, the system property {@code rnn4j.KIND} (for example {@code rnn4j.backend}),
 * the environment variable {@code RNN4J_KIND} ({@code RNN4J_BACKEND}); null when none is set,
 * which lets {@link PluginRegistry#select} choose by priority.
 */
public final class PluginSelection {
  private final Function<String, String> properties;
  private final Map<String, String> environment;

  /** Reads the real system properties and environment. */
  public PluginSelection() {
    this(System::getProperty, System.getenv());
  }

  /** For tests: explicit properties and environment. */
  public PluginSelection(Function<String, String> properties, Map<String, String> environment) {
    this.properties = properties;
    this.environment = environment;
  }

  /**
   * @param kind the plugin kind ({@code backend}, {@code cell}, {@code optimizer}, {@code
   *     tokenizer})
   * @param flag the command-line value, or null
   * @param config the configuration-file value, or null
   * @return the first value set, or null
   */
  public String requestedName(String kind, String flag, String config) {
    if (flag != null && !flag.isBlank()) {
      return flag;
    }
    if (config != null && !config.isBlank()) {
      return config;
    }
    String prop = properties.apply("rnn4j." + kind);
    if (prop != null && !prop.isBlank()) {
      return prop;
    }
    String env = environment.get("RNN4J_" + kind.toUpperCase(Locale.ROOT));
    return env == null || env.isBlank() ? null : env;
  }
}

package dev.rnn4j.core.plugin;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.plugin.PluginProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers of one SPI found on the class path, and the one selection policy of rnn4j:
 *
 * <ol>
 *   <li>the name the user asked for (see {@link PluginSelection}) — an unknown or unavailable
 *       name fails at once, listing the available names and why each other one is not;
 *   <li>otherwise the available provider with the highest priority (ties: by name);
 *   <li>otherwise the built-in fallback.
 * </ol>
 *
 * Duplicate names are an error; a provider that throws while loading is reported (WARN) and
 * skipped. Immutable and thread-safe after construction.
 *
 * @param <P> the provider type
 */
public final class PluginRegistry<P extends PluginProvider> {
  private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

  private final String kind;
  private final String fallbackName;
  private final Map<String, P> providers;
  private final List<String> loadFailures;

  private PluginRegistry(String kind, String fallbackName, Map<String, P> providers,
      List<String> loadFailures) {
    this.kind = kind;
    this.fallbackName = fallbackName;
    this.providers = providers;
    this.loadFailures = loadFailures;
  }

  /**
   * Discovers the providers of {@code type} with {@link ServiceLoader} on {@code loader}.
   *
   * @param kind the word used in messages and property names ({@code backend}, {@code cell})
   * @param fallbackName the built-in provider used when nothing else is available
   * @throws RnnException if two providers share a name
   */
  public static <P extends PluginProvider> PluginRegistry<P> discover(
      Class<P> type, String kind, String fallbackName, ClassLoader loader) {
    Map<String, P> found = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    Iterator<P> it = ServiceLoader.load(type, loader).iterator();
    while (true) {
      P p;
      try {
        if (!it.hasNext()) {
          break;
        }
        p = it.next();
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        String msg = "a " + kind + " provider failed to load and is skipped: " + e.getMessage();
        LOG.warn(msg);
        failures.add(msg);
        continue;
      }
      register(found, p, kind);
    }
    return new PluginRegistry<>(kind, fallbackName, Collections.unmodifiableMap(found),
        List.copyOf(failures));
  }

  /** A registry over the given providers (for tests and applications that wire by hand). */
  public static <P extends PluginProvider> PluginRegistry<P> of(String kind, String fallbackName,
      List<P> providers) {
    Map<String, P> found = new LinkedHashMap<>();
    for (P p : providers) {
      register(found, p, kind);
    }
    return new PluginRegistry<>(kind, fallbackName, Collections.unmodifiableMap(found), List.of());
  }

  private static <P extends PluginProvider> void register(Map<String, P> found, P p, String kind) {
    String name = p.name();
    if (name == null || name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
      throw new RnnException("the " + kind + " provider " + p.getClass().getName()
          + " has an invalid name '" + name + "' (it must be non-empty and lower-case)");
    }
    P previous = found.putIfAbsent(name, p);
    if (previous != null) {
      throw new RnnException("two " + kind + " providers are named '" + name + "': "
          + previous.getClass().getName() + " and " + p.getClass().getName()
          + "; remove one of the jars from the class path");
    }
  }

  /** @return the kind of plugin, as used in messages ({@code backend}) */
  public String kind() {
    return kind;
  }

  /** @return every provider found, sorted by descending priority then name */
  public List<P> all() {
    return providers.values().stream()
        .sorted(Comparator.comparingInt((P p) -> -p.priority()).thenComparing(PluginProvider::name))
        .collect(Collectors.toList());
  }

  /** @return the messages of providers that failed to load */
  public List<String> loadFailures() {
    return loadFailures;
  }

  /**
   * The registry's part of the selection policy, for {@link Plugins#select}: the named provider,
   * or the available one of highest priority, or the fallback.
   *
   * @param requested the name asked for, or null to choose automatically
   * @return the chosen provider, available
   * @throws RnnException for an unknown or unavailable name, listing the alternatives
   */
  P resolve(String requested) {
    if (requested != null && !requested.isBlank()) {
      String name = requested.trim().toLowerCase(Locale.ROOT);
      P p = providers.get(name);
      if (p == null) {
        throw new RnnException("unknown " + kind + " '" + requested + "'; " + describeChoices());
      }
      if (!p.isAvailable()) {
        throw new RnnException(kind + " '" + name + "' is not available: "
            + p.unavailableReason() + "; " + describeChoices());
      }
      return p;
    }
    for (P p : all()) {
      if (p.isAvailable()) {
        return p;
      }
    }
    P fallback = providers.get(fallbackName);
    if (fallback == null) {
      throw new RnnException("no " + kind + " is available; " + describeChoices());
    }
    return fallback;
  }

  /** @return "available: a, b; unavailable: c (reason)" for messages */
  public String describeChoices() {
    List<String> available = new ArrayList<>();
    List<String> unavailable = new ArrayList<>();
    for (P p : all()) {
      if (p.isAvailable()) {
        available.add(p.name());
      } else {
        unavailable.add(p.name() + " (" + p.unavailableReason() + ")");
      }
    }
    String s = "available: " + (available.isEmpty() ? "none" : String.join(", ", available));
    if (!unavailable.isEmpty()) {
      s += "; unavailable: " + String.join(", ", unavailable);
    }
    return s;
  }
}

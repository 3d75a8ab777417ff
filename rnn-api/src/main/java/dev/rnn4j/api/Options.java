package dev.rnn4j.api;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Immutable string settings handed to a plugin's {@code create} method (for example {@code
 * threads=2} for a backend, {@code activation=relu} for a cell, {@code momentum=0.9} for an
 * optimizer). Values are parsed on demand; a value that does not parse is a {@link RnnException}
 * naming the key. Keys keep their insertion order, so {@link #asMap()} is stable for model files.
 */
public final class Options {
  private static final Options EMPTY = new Options(Collections.emptyMap());
  private final Map<String, String> values;

  private Options(Map<String, String> values) {
    this.values = values;
  }

  /** @return options without any key */
  public static Options empty() {
    return EMPTY;
  }

  /** @return options holding a copy of {@code values} */
  public static Options of(Map<String, String> values) {
    return new Options(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
  }

  /** @return options holding the given key/value pairs ({@code of("a", "1", "b", "2")}) */
  public static Options of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must come in pairs");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return of(m);
  }

  /** @return a copy with {@code key} set to {@code value} */
  public Options with(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(values);
    m.put(key, value);
    return of(m);
  }

  /** @return whether {@code key} is present */
  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** @return the value of {@code key}, or {@code fallback} when absent */
  public String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  /** @throws RnnException naming the key when it is absent or not an integer */
  public int getInt(String key, int fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new RnnException("setting '" + key + "' must be an integer, got '" + v + "'");
    }
  }

  /** @throws RnnException naming the key when it is not a finite number */
  public double getDouble(String key, double fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new RnnException("setting '" + key + "' must be a finite number, got '" + v + "'");
    }
  }

  /** @throws RnnException naming the key when it is not {@code true} or {@code false} */
  public boolean getBoolean(String key, boolean fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true": return true;
      case "false": return false;
      default:
        throw new RnnException("setting '" + key + "' must be true or false, got '" + v + "'");
    }
  }

  /**
   * Rejects keys a plugin does not understand.
   *
   * @param allowed the keys the plugin reads
   * @param owner what the options are for, used in the message ("optimizer 'adam'")
   * @throws RnnException naming the unknown key and listing the allowed ones
   */
  public void requireKnownKeys(Collection<String> allowed, String owner) {
    for (String k : values.keySet()) {
      if (!allowed.contains(k)) {
        throw new RnnException(
            "unknown setting '" + k + "' for " + owner + "; allowed: "
                + (allowed.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(allowed))));
      }
    }
  }

  /** @return an unmodifiable view of all settings, in insertion order */
  public Map<String, String> asMap() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Options && ((Options) o).values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}

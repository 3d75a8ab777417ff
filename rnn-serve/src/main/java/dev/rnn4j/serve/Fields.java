package dev.rnn4j.serve;

import java.util.List;
import java.util.Map;

/**
 * Typed, bounded access to the fields of a JSON request object (as {@link dev.rnn4j.core.io.Json}
 * parses it). A field of the wrong type or outside its range is a 400 naming the field; an absent
 * or null field takes its default; unknown fields are ignored (clients send extras).
 */
final class Fields {
  private final Map<?, ?> body;

  Fields(Object parsed) {
    if (!(parsed instanceof Map)) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    this.body = (Map<?, ?>) parsed;
  }

  String string(String name, String fallback, int maxChars) {
    Object v = body.get(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String)) {
      throw ApiException.badRequest("'" + name + "' must be a string");
    }
    String s = (String) v;
    if (s.length() > maxChars) {
      throw ApiException.badRequest("'" + name + "' has " + s.length() + " characters; at most "
          + maxChars);
    }
    return s;
  }

  int integer(String name, int fallback, int min, int max) {
    Object v = body.get(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Long)) {
      throw ApiException.badRequest("'" + name + "' must be an integer");
    }
    long x = (Long) v;
    if (x < min || x > max) {
      throw ApiException.badRequest("'" + name + "' must be " + min + ".." + max + ", not " + x);
    }
    return (int) x;
  }

  Long optionalLong(String name) {
    Object v = body.get(name);
    if (v != null && !(v instanceof Long)) {
      throw ApiException.badRequest("'" + name + "' must be an integer");
    }
    return (Long) v;
  }

  double number(String name, double fallback, double min, double max) {
    Object v = body.get(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number)) {
      throw ApiException.badRequest("'" + name + "' must be a number");
    }
    double x = ((Number) v).doubleValue();
    if (!(x >= min && x <= max)) {
      throw ApiException.badRequest("'" + name + "' must be in [" + min + ", " + max + "], not " + x);
    }
    return x;
  }

  boolean bool(String name, boolean fallback) {
    Object v = body.get(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean)) {
      throw ApiException.badRequest("'" + name + "' must be true or false");
    }
    return (Boolean) v;
  }

  /** @return a string or an array of strings as a list (empty when absent) */
  List<String> strings(String name, int maxCount, int maxChars) {
    Object v = body.get(name);
    if (v == null) {
      return List.of();
    }
    List<?> items = v instanceof String ? List.of(v) : v instanceof List ? (List<?>) v : null;
    if (items == null || items.size() > maxCount) {
      throw ApiException.badRequest("'" + name + "' must be a string or an array of at most "
          + maxCount + " strings");
    }
    for (Object o : items) {
      if (!(o instanceof String) || ((String) o).isEmpty() || ((String) o).length() > maxChars) {
        throw ApiException.badRequest("'" + name + "' must hold non-empty strings of at most "
            + maxChars + " characters");
      }
    }
    @SuppressWarnings("unchecked")
    List<String> out = (List<String>) items;
    return out;
  }
}

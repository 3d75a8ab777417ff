package dev.rnn4j.core.train;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.io.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed access to the {@code trainer} metadata of a {@link Checkpoint}: every getter fails with an
 * {@link RnnException} naming the file and the field when the value is missing or of the wrong
 * kind. Immutable.
 */
final class CheckpointState {
  private final Path file;
  private final Map<?, ?> values;

  private CheckpointState(Path file, Map<?, ?> values) {
    this.file = file;
    this.values = values;
  }

  /** @throws RnnException when {@code text} is missing or not a JSON object */
  static CheckpointState parse(Path file, String text) {
    if (text == null) {
      throw new RnnException(file + " has no trainer state (metadata 'trainer')");
    }
    Object v;
    try {
      v = Json.parse(text);
    } catch (Json.JsonException e) {
      throw new RnnException(file + ": metadata 'trainer' is not valid JSON (" + e.getMessage() + ")");
    }
    if (!(v instanceof Map)) {
      throw new RnnException(file + ": metadata 'trainer' is not a JSON object");
    }
    return new CheckpointState(file, (Map<?, ?>) v);
  }

  Object raw(String key) {
    return values.get(key);
  }

  long lng(String key) {
    return lng(values.get(key), key);
  }

  int integer(String key) {
    long v = lng(key);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw bad(key, "is out of range");
    }
    return (int) v;
  }

  double dbl(String key) {
    return dbl(values.get(key), key);
  }

  long lng(Object o, String key) {
    if (!(o instanceof Long) || (Long) o < 0) {
      throw bad(key, "is missing or not a non-negative integer");
    }
    return (Long) o;
  }

  double dbl(Object o, String key) {
    try {
      if (o instanceof String || o instanceof Number) {
        return Double.parseDouble(String.valueOf(o));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(key, "is missing or not a number");
  }

  Map<String, String> strings(String key) {
    if (!(values.get(key) instanceof Map)) {
      throw bad(key, "is missing or not an object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    ((Map<?, ?>) values.get(key)).forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    return out;
  }

  /** @return the rows of the array {@code key}, each an array of {@code width} values */
  List<List<?>> rows(String key, int width) {
    if (!(values.get(key) instanceof List)) {
      throw bad(key, "is missing or not an array");
    }
    List<List<?>> out = new ArrayList<>();
    for (Object o : (List<?>) values.get(key)) {
      if (!(o instanceof List) || ((List<?>) o).size() != width) {
        throw bad(key, "has a row that is not an array of " + width + " values");
      }
      out.add((List<?>) o);
    }
    return out;
  }

  private RnnException bad(String key, String why) {
    return new RnnException(file + ": trainer state '" + key + "' " + why);
  }
}

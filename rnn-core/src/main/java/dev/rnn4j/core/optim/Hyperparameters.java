package dev.rnn4j.core.optim;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;

/**
 * Reads an optimizer's options and rejects impossible values with messages naming the optimizer,
 * the key, the allowed range and the usual value. Immutable.
 */
final class Hyperparameters {
  private final Options options;
  private final String owner;

  /**
   * @param optimizer the provider name, used in messages
   * @param options the user's options; unknown keys are rejected here
   * @param allowed the keys the optimizer reads
   * @throws RnnException naming an unknown key and the allowed ones
   */
  Hyperparameters(String optimizer, Options options, java.util.Set<String> allowed) {
    this.owner = "optimizer '" + optimizer + "'";
    this.options = options;
    options.requireKnownKeys(allowed, owner);
  }

  /** @return the value of {@code key} in {@code [0, 1)}, {@code usual} when absent */
  double fraction(String key, double usual, String meaning) {
    double v = options.getDouble(key, usual);
    if (!(v >= 0 && v < 1)) {
      throw fail(key, v, "in [0, 1)", usual, meaning);
    }
    return v;
  }

  /** @return the value of {@code key}, greater than 0, {@code usual} when absent */
  double positive(String key, double usual, String meaning) {
    double v = options.getDouble(key, usual);
    if (!(v > 0)) {
      throw fail(key, v, "greater than 0", usual, meaning);
    }
    return v;
  }

  /** @return the value of {@code key}, at least 0, {@code usual} when absent */
  double nonNegative(String key, double usual, String meaning) {
    double v = options.getDouble(key, usual);
    if (!(v >= 0)) {
      throw fail(key, v, "at least 0", usual, meaning);
    }
    return v;
  }

  /** @return the boolean value of {@code key}, {@code usual} when absent */
  boolean flag(String key, boolean usual) {
    return options.getBoolean(key, usual);
  }

  /** @return an error for a combination of settings, prefixed with the optimizer */
  RnnException conflict(String message) {
    return new RnnException(owner + ": " + message);
  }

  private RnnException fail(String key, double v, String range, double usual, String meaning) {
    return new RnnException(owner + ": '" + key + "' (" + meaning + ") must be " + range
        + ", got " + v + "; " + usual + " is usual");
  }
}

package dev.rnn4j.tokenizers;

import java.util.Arrays;

/**
 * An open-addressing map from {@code long} keys to non-negative {@code int} values, without boxing.
 * Not thread-safe while being filled; safe to read from many threads once published.
 */
final class LongIntMap {
  private long[] keys;
  private int[] values;
  private int size;

  LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new int[cap];
    Arrays.fill(values, -1);
  }

  /** @return the value of {@code key}, or -1 when absent */
  int get(long key) {
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (values[i] < 0) {
        return -1;
      }
      if (keys[i] == key) {
        return values[i];
      }
    }
  }

  /** Sets {@code key} to {@code value} (value &ge; 0). */
  void put(long key, int value) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (values[i] < 0) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
    }
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    Arrays.fill(values, -1);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] >= 0) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /** @return the key for the ordered pair of ids ({@code left}, {@code right}) */
  static long pair(int left, int right) {
    return ((long) left << 32) | (right & 0xFFFFFFFFL);
  }
}

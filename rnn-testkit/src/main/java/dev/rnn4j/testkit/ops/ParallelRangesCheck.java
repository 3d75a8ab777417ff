package dev.rnn4j.testkit.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnn4j.api.ops.ParallelRanges;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The kit's check of {@link ParallelRanges#forRanges}: every index of {@code [0, n)} is visited
 * exactly once, for lengths from 0 to a few hundred thousand and grains from 1 to above {@code
 * n}; ranges are well formed; a failure in a range reaches the caller.
 */
final class ParallelRangesCheck {
  private ParallelRangesCheck() {}

  static void check(ParallelRanges ranges) {
    int[] lengths = {0, 1, 2, 3, 17, 31, 64, 1000, 65_537, 300_001};
    int[] grains = {1, 7, 16, 1024, 32_768, 1 << 30};
    for (int n : lengths) {
      for (int grain : grains) {
        AtomicIntegerArray visits = new AtomicIntegerArray(n);
        ranges.forRanges(n, grain, (from, to) -> {
          if (from < 0 || from > to || to > n) {
            throw new AssertionError("range [" + from + ", " + to + ") of [0, " + n + ")");
          }
          for (int i = from; i < to; i++) {
            visits.incrementAndGet(i);
          }
        });
        for (int i = 0; i < n; i++) {
          assertEquals(1, visits.get(i), "n=" + n + " grain=" + grain + ": visits of index " + i);
        }
      }
    }
    assertThrows(IllegalStateException.class, () -> ranges.forRanges(100_000, 1, (from, to) -> {
      if (to == 100_000) {
        throw new IllegalStateException("a failing range");
      }
    }));
  }
}

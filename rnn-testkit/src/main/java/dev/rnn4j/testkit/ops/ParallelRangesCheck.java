package dev.rnn4j.testkit.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.Activation;
import dev.rnn4j.api.ops.ParallelRanges;
import dev.rnn4j.api.ops.TensorOps;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The kit's check of {@link ParallelRanges#forRanges}: every index of {@code [0, n)} is visited
 * exactly once, for lengths from 0 to a few hundred thousand and grains from 1 to above {@code
 * n}; ranges are well formed; a failure in a range reaches the caller; and a range may call the
 * backend's operations (a recurrent cell runs each range's sequences through them), which give
 * what one call over everything gives.
 */
final class ParallelRangesCheck {
  private ParallelRangesCheck() {}

  static void check(TensorOps ops, ParallelRanges ranges) {
    checkOperationsInRanges(ops, ranges);
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

  /** tanh over rows of 64 elements, each range its own rows, against one call over all rows. */
  private static void checkOperationsInRanges(TensorOps ops, ParallelRanges ranges) {
    int width = 64;
    for (int rows : new int[] {2, 3, 16, 17, 64}) {
      Tensor x = Tensor.zeros(DType.F32, rows, width);
      SplittableRandom r = new SplittableRandom(rows);
      for (int i = 0; i < x.size(); i++) {
        x.set(i, r.nextDouble(-4, 4));
      }
      Tensor whole = Tensor.zeros(DType.F32, rows, width);
      Tensor byRanges = Tensor.zeros(DType.F32, rows, width);
      ops.activate(Activation.TANH, rows * width, x, 0, whole, 0);
      ranges.forRanges(rows, 1, (from, to) ->
          ops.activate(Activation.TANH, (to - from) * width, x, from * width, byRanges, from * width));
      assertTrue(byRanges.contentEquals(whole), rows + " rows: tanh by ranges differs from one call");
    }
  }
}

package dev.rnn4j.testkit.ops;

import static org.junit.jupiter.api.Assertions.fail;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import java.util.Random;

/** A rows x cols matrix stored at an offset with a leading dimension, inside a longer array. */
final class Layout {
  final int rows;
  final int cols;
  final int off;
  final int ld;
  final int size;

  private Layout(int rows, int cols, int off, int ld) {
    this.rows = rows;
    this.cols = cols;
    this.off = off;
    this.ld = ld;
    this.size = off + (rows == 0 ? 0 : (rows - 1) * ld + cols) + 3;
  }

  /** Contiguous rows (ld == cols) at a random offset. */
  static Layout contiguous(Random rnd, int rows, int cols) {
    return new Layout(rows, cols, rnd.nextInt(2) == 0 ? 0 : 1 + rnd.nextInt(9), Math.max(1, cols));
  }

  static Layout random(Random rnd, int rows, int cols) {
    int off = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(9);
    int ld = rnd.nextInt(3) == 0 ? cols : cols + 1 + rnd.nextInt(5);
    return new Layout(rows, cols, off, ld);
  }

  Tensor fill(DType dtype, Random rnd) {
    return KitChecks.randomTensor(dtype, rnd, size);
  }

  /**
   * {@link #fill}, for an output of a kernel with a beta: with {@code beta == 0} the region is
   * NaN, which the kernel must ignore.
   */
  Tensor fillOutput(DType dtype, Random rnd, double beta) {
    Tensor t = fill(dtype, rnd);
    if (beta == 0) {
      fillRegion(t, Double.NaN);
    }
    return t;
  }

  boolean inside(int index) {
    int rel = index - off;
    return rel >= 0 && rel / ld < rows && rel % ld < cols;
  }

  void fillRegion(Tensor t, double value) {
    for (int i = 0; i < t.size(); i++) {
      if (inside(i)) {
        t.set(i, value);
      }
    }
  }

  void assertOutsideUnchanged(Tensor before, Tensor after, String what) {
    for (int i = 0; i < before.size(); i++) {
      if (!inside(i) && Double.compare(before.get(i), after.get(i)) != 0) {
        fail(what + ": element " + i + " outside the output region was changed from "
            + before.get(i) + " to " + after.get(i));
      }
    }
  }
}

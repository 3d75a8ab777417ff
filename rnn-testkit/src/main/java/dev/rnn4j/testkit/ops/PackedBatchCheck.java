package dev.rnn4j.testkit.ops;

import static dev.rnn4j.testkit.ops.KitChecks.randomTensor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.BatchedPackedProducts;
import dev.rnn4j.api.ops.PackedMatrix;
import java.util.Random;

/**
 * The kit's check of {@link BatchedPackedProducts#gemvBatch}: every vector of the batch gets
 * exactly the bits of its own {@code gemv} on the same packed matrix, and what lies between the
 * output rows stays as it was.
 */
final class PackedBatchCheck {
  private PackedBatchCheck() {}

  static void check(BatchedPackedProducts packing, DType dtype, int rows, int cols, int count,
      int variant) {
    Random rnd = new Random(31L * variant + rows * 7919L + count);
    double alpha = variant % 3 == 1 ? -0.75 : 1.0;
    double beta = variant % 4 == 0 ? 0 : (variant % 4 == 1 ? 1.0 : -0.5);
    boolean transA = variant % 2 == 1;
    Layout la = transA ? Layout.random(rnd, cols, rows) : Layout.random(rnd, rows, cols);
    Tensor a = la.fill(dtype, rnd);
    PackedMatrix packed = packing.pack(transA, a, la.off, la.ld, rows, cols, null);
    int ldx = cols + rnd.nextInt(3);
    int ldy = rows + rnd.nextInt(3);
    int xOff = rnd.nextInt(4);
    int yOff = rnd.nextInt(4);
    Tensor x = randomTensor(dtype, rnd, xOff + count * ldx);
    Tensor y0 = randomTensor(dtype, rnd, yOff + count * ldy + 2);
    Tensor one = y0.copy();
    for (int i = 0; i < count; i++) {
      packing.gemv(packed, alpha, x, xOff + i * ldx, beta, one, yOff + i * ldy);
    }
    Tensor batch = y0.copy();
    packing.gemvBatch(packed, count, alpha, x, xOff, ldx, beta, batch, yOff, ldy);
    assertTrue(one.contentEquals(batch), "packed gemvBatch " + dtype + " rows=" + rows
        + " cols=" + cols + " count=" + count + " alpha=" + alpha + " beta=" + beta
        + " transA=" + transA + ": not the bits of one gemv per vector");
  }
}

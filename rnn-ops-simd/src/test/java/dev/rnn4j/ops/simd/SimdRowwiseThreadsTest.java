package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.Activation;
import dev.rnn4j.api.ops.TensorOps;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The row-wise operations on a batch's logits and pre-activations are split over the threads from
 * {@link DoubleElementwise#PARALLEL_MIN_ROWWISE} elements on (by rows, by columns for the column
 * sums, by ranges for the flush and the activations), and so is the softmax. Each row and column
 * gets its own chain of operations however they are split, so two threads must give the bits of
 * one: the shapes are a1's logits at batch 32 (800 x 65), b's at batch 1 (20 x 8000), and rows
 * off the vector length.
 */
class SimdRowwiseThreadsTest {
  private final TensorOps one = new SimdTensorOpsProvider().create(Options.of("threads", "1"));
  private final TensorOps two = new SimdTensorOpsProvider().create(Options.of("threads", "2"));

  @ParameterizedTest(name = "{0} x {1}, {2}")
  @CsvSource({"800, 65, F32", "20, 8000, F32", "131, 127, F32", "800, 65, F64", "37, 1021, F64"})
  void twoThreadsGiveTheBitsOfOne(int rows, int cols, DType dtype) {
    assertTrue((long) rows * cols >= DoubleElementwise.PARALLEL_MIN_ROWWISE, "the split must run");
    SplittableRandom r = new SplittableRandom(rows * 31L + cols);
    Tensor m = Tensor.zeros(dtype, rows * cols + 3);
    for (int i = 0; i < m.size(); i++) {
      // a few elements below the flush limit, in the vectors and in the scalar tails
      m.set(i, r.nextInt(50) == 0 ? 0x1p-110 * r.nextGaussian() : 4 * r.nextGaussian());
    }
    Tensor bias = Tensor.zeros(dtype, cols);
    for (int j = 0; j < cols; j++) {
      bias.set(j, r.nextGaussian());
    }
    int[] targets = new int[rows];
    for (int i = 0; i < rows; i++) {
      targets[i] = i % 7 == 3 ? -1 : r.nextInt(cols);
    }
    Tensor m1 = m.copy();
    Tensor m2 = m.copy();
    for (TensorOps ops : new TensorOps[] {one, two}) {
      Tensor x = ops == one ? m1 : m2;
      ops.addRowVector(rows, cols, bias, 0, x, 1);
    }
    assertTrue(m1.contentEquals(m2), "addRowVector");

    Tensor sums1 = bias.copy();
    Tensor sums2 = bias.copy();
    one.addColumnSums(rows, cols, m1, 1, sums1, 0);
    two.addColumnSums(rows, cols, m2, 1, sums2, 0);
    assertTrue(sums1.contentEquals(sums2), "addColumnSums");

    one.flushBelow(rows * cols, 0x1p-100, m1, 1);
    two.flushBelow(rows * cols, 0x1p-100, m2, 1);
    assertTrue(m1.contentEquals(m2), "flushBelow");

    for (Activation f : Activation.values()) {
      // the activations too (a batch's pre-activations), into an output at another offset
      Tensor y1 = Tensor.zeros(dtype, rows * cols + 2);
      Tensor y2 = Tensor.zeros(dtype, rows * cols + 2);
      one.activate(f, rows * cols, m1, 1, y1, 2);
      two.activate(f, rows * cols, m2, 1, y2, 2);
      assertTrue(y1.contentEquals(y2), "activate " + f);
    }

    double[] rowLoss1 = new double[rows];
    double[] rowLoss2 = new double[rows];
    double loss1 = one.softmaxCrossEntropy(rows, cols, m1, 1, targets, 0, rowLoss1, true);
    double loss2 = two.softmaxCrossEntropy(rows, cols, m2, 1, targets, 0, rowLoss2, true);
    assertEquals(loss1, loss2, "the summed loss");
    assertTrue(java.util.Arrays.equals(rowLoss1, rowLoss2), "the loss of each row");
    assertTrue(m1.contentEquals(m2), "the gradient of the softmax");
  }
}

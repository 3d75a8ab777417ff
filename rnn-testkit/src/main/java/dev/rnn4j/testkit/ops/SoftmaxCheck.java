package dev.rnn4j.testkit.ops;

import static dev.rnn4j.testkit.ops.KitChecks.assertClose;
import static dev.rnn4j.testkit.ops.KitChecks.unitRoundoff;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
import java.util.Random;

/** The kit's checks of {@link TensorOps#softmaxCrossEntropy} against the reference. */
final class SoftmaxCheck {
  private SoftmaxCheck() {}

  /**
   * Compares {@code softmaxCrossEntropy} of the backend with the reference on seeded logits.
   * Mode 0: gradient with targets (some ignored); 1: probabilities with targets; 2: probabilities
   * with null targets (and no rowLoss); 3: gradient, no rowLoss, all targets valid.
   */
  static void check(TensorOps ref, TensorOps ops, DType dtype, int rows, int cols, int mode,
      int variant) {
    Random rnd = new Random(1000L * variant + cols);
    int off = 3;
    Tensor x0 = Tensor.zeros(dtype, off + rows * cols + 4);
    for (int i = 0; i < x0.size(); i++) {
      x0.set(i, rnd.nextGaussian() * 4);
    }
    int tOff = 2;
    int[] targets = null;
    if (mode != 2) {
      targets = new int[tOff + rows + 1];
      java.util.Arrays.fill(targets, -5);
      for (int r = 0; r < rows; r++) {
        boolean ignore = mode != 3 && r % 3 == 1;
        targets[tOff + r] = ignore ? -1 : rnd.nextInt(cols);
      }
    }
    boolean gradient = mode == 0 || mode == 3;
    double[] lossRef = mode >= 2 ? null : new double[rows];
    double[] lossOps = mode >= 2 ? null : new double[rows];
    if (lossOps != null) {
      java.util.Arrays.fill(lossOps, Double.NaN);
    }
    Tensor xRef = x0.copy();
    Tensor xOps = x0.copy();
    double totalRef = ref.softmaxCrossEntropy(rows, cols, xRef, off, targets, tOff, lossRef, gradient);
    double totalOps = ops.softmaxCrossEntropy(rows, cols, xOps, off, targets, tOff, lossOps, gradient);
    String what = "softmaxCrossEntropy " + dtype + " rows=" + rows + " cols=" + cols + " mode=" + mode;
    double u = unitRoundoff(dtype);
    double lossTol = (cols + 16) * u * 8;
    assertClose(totalRef, totalOps, lossTol * rows * (1 + Math.abs(totalRef)), what, "total");
    if (lossRef != null) {
      for (int r = 0; r < rows; r++) {
        assertClose(lossRef[r], lossOps[r], lossTol * (1 + Math.abs(lossRef[r])), what, "rowLoss " + r);
      }
    }
    assertRowsClose(dtype, rows, cols, x0, off, targets, tOff, gradient, xRef, xOps, what);
  }

  /**
   * Asserts each probability (or gradient) of the backend close to the reference's, within a
   * tolerance that grows with the exponent's size and the row length, and the elements outside
   * the logits unchanged.
   */
  static void assertRowsClose(DType dtype, int rows, int cols, Tensor x0, int off,
      int[] targets, int tOff, boolean gradient, Tensor xRef, Tensor xOps, String what) {
    double u = unitRoundoff(dtype);
    for (int r = 0; r < rows; r++) {
      // p = exp(x - logSumExp): its relative error grows with |x - logSumExp| and |logSumExp|
      // (rounding of the exponent, in the reference too) and with the length of the sum
      int base = off + r * cols;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        max = Math.max(max, x0.get(base + j));
      }
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += Math.exp(x0.get(base + j) - max);
      }
      double lse = max + Math.log(sum);
      int target = targets == null ? -1 : targets[tOff + r];
      for (int j = 0; j < cols; j++) {
        double e = xRef.get(base + j);
        double rtol = (2 * (Math.abs(x0.get(base + j) - lse) + Math.abs(lse)) + 16 + cols) * u;
        double scale = Math.max(Math.abs(e), gradient && j == target ? 1 : 0);
        assertClose(e, xOps.get(base + j), rtol * scale + 4 * u, what, r + "," + j);
      }
    }
    for (int i = 0; i < x0.size(); i++) {
      if (i < off || i >= off + rows * cols) {
        assertEquals(x0.get(i), xOps.get(i), what + ": element " + i + " outside the logits");
      }
    }
  }
}

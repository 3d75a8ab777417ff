package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The packed copies of the GEMM operands ({@link FloatPacking}, {@link DoublePacking}) against a
 * copy element by element, bit for bit: whole and partial panels, panels of 6 rows (narrower than
 * a float vector) and of whole vectors, both transposes, a scale, depths that end a panel where a
 * vector would leave it, and the operand ending exactly where the last panel's data ends (so the
 * vector reads near the end of the array must fall back to single elements). Every value of the
 * destination is checked, the zero padding included; it starts as NaN.
 */
class PackingTest {
  private static final int[] WIDTHS = {6, 5, FloatGemmShapes.L, 2 * FloatGemmShapes.L,
      4 * FloatGemmShapes.L};

  @Test
  void floatPanelsAreTheElementsTimesTheScale() {
    Random random = new Random(11);
    for (int trial = 0; trial < 400; trial++) {
      boolean trans = trial % 2 == 1;
      int width = WIDTHS[trial / 2 % WIDTHS.length];
      int rows = 1 + random.nextInt(5 * width); // rows of op(A), more than one panel
      int kc = 1 + random.nextInt(trial % 5 == 0 ? 4 : 140);
      int r0 = random.nextInt(4);
      int p0 = random.nextInt(4);
      int ld = (trans ? r0 + rows : p0 + kc) + random.nextInt(3);
      float scale = trial % 3 == 0 ? 1f : -0.75f;
      // op(A)[i][p] = a[off + (r0 + i) * ld + p0 + p]
      // (with trans: a[off + (p0 + p) * ld + r0 + i])
      int off = random.nextInt(3);
      int length = off + (trans ? (p0 + kc - 1) * ld + r0 + rows : (r0 + rows - 1) * ld + p0 + kc);
      float[] a = new float[length];
      for (int i = 0; i < length; i++) {
        a[i] = (float) random.nextGaussian();
      }
      int panels = (rows + width - 1) / width;
      float[] packed = new float[panels * width * kc + 3];
      java.util.Arrays.fill(packed, Float.NaN);
      FloatPacking.packA(trans, a, off, ld, r0, rows, p0, kc, scale, width, packed);
      for (int q = 0; q < panels; q++) {
        for (int p = 0; p < kc; p++) {
          for (int r = 0; r < width; r++) {
            int i = q * width + r;
            float want = i >= rows ? 0f : scale * (trans
                ? a[off + (p0 + p) * ld + r0 + i] : a[off + (r0 + i) * ld + p0 + p]);
            int at = q * width * kc + p * width + r;
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(packed[at]),
                () -> "trans " + trans + " width " + width + " rows " + rows + " kc " + kc
                    + " element " + at);
          }
        }
      }
    }
  }

  @Test
  void doublePanelsAreTheElementsTimesTheScale() {
    Random random = new Random(12);
    int[] widths = {6, DoubleGemmShapes.L, 4 * DoubleGemmShapes.L, 3};
    for (int trial = 0; trial < 200; trial++) {
      boolean trans = trial % 2 == 1;
      int width = widths[trial / 2 % widths.length];
      int rows = 1 + random.nextInt(4 * width);
      int kc = 1 + random.nextInt(70);
      int ld = (trans ? rows : kc) + random.nextInt(3);
      double scale = trial % 3 == 0 ? 1 : 0.3;
      int length = trans ? (kc - 1) * ld + rows : (rows - 1) * ld + kc;
      double[] a = new double[length];
      for (int i = 0; i < length; i++) {
        a[i] = random.nextGaussian();
      }
      int panels = (rows + width - 1) / width;
      double[] packed = new double[panels * width * kc];
      java.util.Arrays.fill(packed, Double.NaN);
      DoublePacking.packA(trans, a, 0, ld, 0, rows, 0, kc, scale, width, packed);
      for (int q = 0; q < panels; q++) {
        for (int p = 0; p < kc; p++) {
          for (int r = 0; r < width; r++) {
            int i = q * width + r;
            double want = i >= rows ? 0 : scale * (trans ? a[p * ld + i] : a[i * ld + p]);
            int at = q * width * kc + p * width + r;
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(packed[at]),
                "trans " + trans + " width " + width + " rows " + rows + " kc " + kc);
          }
        }
      }
    }
  }

  /** packB is packA of op(B)^T: its panels are columns of op(B). */
  @Test
  void floatColumnPanelsOfBAreTheElementsTimesTheScale() {
    Random random = new Random(13);
    for (int trial = 0; trial < 200; trial++) {
      boolean trans = trial % 2 == 1;
      int nr = (1 + trial % 4) * FloatGemmShapes.L;
      int cols = 1 + random.nextInt(3 * nr);
      int kc = 1 + random.nextInt(140);
      int ld = (trans ? kc : cols) + random.nextInt(3);
      float scale = trial % 3 == 0 ? 1f : 2.5f;
      // op(B)[p][j] = b[p * ld + j], or with trans b[j * ld + p]
      int length = trans ? (cols - 1) * ld + kc : (kc - 1) * ld + cols;
      float[] b = new float[length];
      for (int i = 0; i < length; i++) {
        b[i] = (float) random.nextGaussian();
      }
      int panels = (cols + nr - 1) / nr;
      int start = FloatBuffers.START;
      float[] packed = new float[start + panels * nr * kc];
      java.util.Arrays.fill(packed, Float.NaN);
      FloatPacking.packB(trans, b, 0, ld, 0, kc, 0, cols, scale, nr, packed);
      for (int q = 0; q < panels; q++) {
        for (int p = 0; p < kc; p++) {
          for (int c = 0; c < nr; c++) {
            int j = q * nr + c;
            float want = j >= cols ? 0f : scale * (trans ? b[j * ld + p] : b[p * ld + j]);
            int at = start + q * nr * kc + p * nr + c;
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(packed[at]),
                "trans " + trans + " nr " + nr + " cols " + cols + " kc " + kc);
          }
        }
      }
    }
  }
}

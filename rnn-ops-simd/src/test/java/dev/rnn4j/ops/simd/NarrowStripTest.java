package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The last strip of at most one vector of columns of {@code C = alpha A^T B + beta C} at a short
 * depth (the step of an output layer, {@code V += -lr dO^T S}: b's last 4 of 100 columns), which
 * {@link FloatNarrowStrip} and {@link DoubleNarrowStrip} compute with the vectors along the rows
 * of C: every element of that strip, bit for bit, against the chain the register tiles give it,
 * {@code fma(a, alpha * b, sum)} over k in order from zero, then {@code sum + beta * C}. Row counts
 * that are not multiples of the vector length (their last rows run the one-vector tile), widths
 * whose narrow strip starts at a panel and inside one, offsets and leading dimensions larger than
 * the matrices.
 */
class NarrowStripTest {
  private static final int[] WIDTHS = {1, 4, 16, 19, 36, 70, 100, 111};

  @Test
  void floatNarrowStripGetsTheChainOfTheTiles() {
    Random random = new Random(21);
    for (int trial = 0; trial < 96; trial++) {
      int n = WIDTHS[trial % WIDTHS.length];
      int m = 65 + random.nextInt(trial % 3 == 0 ? 40 : 700);
      int k = 1 + random.nextInt(FloatGemmShapes.SHORT_K);
      float alpha = trial % 2 == 0 ? 1f : -0.05f;
      float beta = trial % 3 == 0 ? 0f : trial % 3 == 1 ? 1f : 0.5f;
      int lda = m + random.nextInt(3);
      int ldb = n + random.nextInt(3);
      int ldc = n + random.nextInt(3);
      int aOff = random.nextInt(4);
      int bOff = random.nextInt(4);
      int cOff = random.nextInt(4);
      float[] a = gaussian(random, aOff + k * lda);
      float[] b = gaussian(random, bOff + k * ldb);
      float[] c = gaussian(random, cOff + m * ldc);
      float[] c0 = c.clone();
      FloatGemmBlocked.gemmBlocked(true, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta,
          c, cOff, ldc);
      for (int j = firstNarrowColumn(n, FloatGemmShapes.L); j < n; j++) {
        for (int i = 0; i < m; i++) {
          float sum = 0f;
          for (int p = 0; p < k; p++) {
            sum = Math.fma(a[aOff + p * lda + i], alpha * b[bOff + p * ldb + j], sum);
          }
          float want = beta == 0 ? sum : sum + beta * c0[cOff + i * ldc + j];
          int at = cOff + i * ldc + j;
          int row = i;
          int col = j;
          assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(c[at]),
              () -> "m " + m + " n " + n + " k " + k + " element " + row + "," + col);
        }
      }
    }
  }

  @Test
  void doubleNarrowStripGetsTheChainOfTheTiles() {
    Random random = new Random(22);
    for (int trial = 0; trial < 48; trial++) {
      int n = WIDTHS[trial % WIDTHS.length];
      int m = 65 + random.nextInt(300);
      int k = 1 + random.nextInt(DoubleGemmShapes.SHORT_K);
      double alpha = trial % 2 == 0 ? 1 : -0.05;
      double beta = trial % 3 == 0 ? 0 : trial % 3 == 1 ? 1 : 0.5;
      int lda = m + 1;
      int ldc = n + 2;
      double[] a = gaussianDouble(random, k * lda);
      double[] b = gaussianDouble(random, k * n);
      double[] c = gaussianDouble(random, m * ldc);
      double[] c0 = c.clone();
      DoubleGemmBlocked.gemmBlocked(true, false, m, n, k, alpha, a, 0, lda, b, 0, n, beta, c, 0,
          ldc);
      for (int j = firstNarrowColumn(n, DoubleGemmShapes.L); j < n; j++) {
        for (int i = 0; i < m; i++) {
          double sum = 0;
          for (int p = 0; p < k; p++) {
            sum = Math.fma(a[p * lda + i], alpha * b[p * n + j], sum);
          }
          double want = beta == 0 ? sum : sum + beta * c0[i * ldc + j];
          int row = i;
          int col = j;
          assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(c[i * ldc + j]),
              () -> "m " + m + " n " + n + " k " + k + " element " + row + "," + col);
        }
      }
    }
  }

  /** The first column of the last strip when it is at most one vector wide, else n (none). */
  private static int firstNarrowColumn(int n, int lanes) {
    int wide = FloatGemmShapes.WIDE ? n / (4 * lanes) * (4 * lanes) : 0;
    int last = wide + (n - wide - 1) / (2 * lanes) * (2 * lanes);
    return last < n && n - last <= lanes ? last : n;
  }

  private static float[] gaussian(Random random, int length) {
    float[] x = new float[length];
    for (int i = 0; i < length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  private static double[] gaussianDouble(Random random, int length) {
    double[] x = new double[length];
    for (int i = 0; i < length; i++) {
      x[i] = random.nextGaussian();
    }
    return x;
  }
}

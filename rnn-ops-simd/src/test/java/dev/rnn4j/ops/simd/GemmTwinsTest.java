package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The exact twins of the GEMM micro-kernels ({@link DoubleGemmTwins}, {@link FloatGemmTwins})
 * give the bits of their vector kernels, on every tile shape (partial and full, from C or through
 * the buffer), the three layouts of A, beta 0, 1 and other, alpha 1 and other; on the first call
 * and after many (when the vector code has been compiled).
 */
class GemmTwinsTest {
  private static final double[] BETAS = {0, 1, 0.7};
  private static final double[] ALPHAS = {1, -0.3};
  private static final int REPS = 400;

  @Test
  void doubleMicroKernelsMatchTheirTwins() {
    int l = DoubleGemmShapes.L;
    for (int rep = 0; rep < REPS; rep += rep == 0 ? REPS - 1 : 1) {
      Random r = new Random(rep);
      for (double beta : BETAS) {
        for (double alpha : ALPHAS) {
          for (int rows : new int[] {1, 5, 6}) {
            for (int cols : new int[] {1, l, l + 3, 2 * l}) {
              doubleTile6x2(r, 17, rows, cols, alpha, beta);
              doubleTile6x1(r, 9, rows, Math.min(cols, l), alpha, beta);
            }
            doubleWide(r, 11, rows, 3 * l + 1, beta);
            doubleWide(r, 11, rows, 4 * l, beta);
          }
          doubleTile5x2(r, 13, alpha, beta);
        }
      }
      for (int panels = 1; panels <= 3; panels++) {
        doubleNt(r, panels, 19, 7);
        doubleNt(r, panels, 19, panels == 3 ? 8 : 12);
      }
    }
  }

  @Test
  void floatMicroKernelsMatchTheirTwins() {
    int l = FloatGemmShapes.L;
    for (int rep = 0; rep < REPS; rep += rep == 0 ? REPS - 1 : 1) {
      Random r = new Random(rep);
      for (double beta : BETAS) {
        for (double alpha : ALPHAS) {
          for (int rows : new int[] {1, 5, 6}) {
            for (int cols : new int[] {1, l, l + 3, 2 * l}) {
              floatTile6x2(r, 17, rows, cols, (float) alpha, (float) beta);
              floatTile6x1(r, 9, rows, Math.min(cols, l), (float) alpha, (float) beta);
            }
            floatWide(r, 11, rows, 3 * l + 1, (float) beta);
            floatWide(r, 11, rows, 4 * l, (float) beta);
          }
          floatTile5x2(r, 13, (float) alpha, (float) beta);
        }
      }
      for (int panels = 1; panels <= 3; panels++) {
        floatNt(r, panels, 19, 7);
        floatNt(r, panels, 19, panels == 3 ? 8 : 12);
      }
    }
  }

  private static void doubleTile6x2(Random r, int kc, int rows, int cols, double alpha,
      double beta) {
    int nr = DoubleGemmShapes.NR;
    int lda = kc + 3;
    double[] a = doubles(r, (kc + 8) * lda + 8 * kc);
    double[] b = doubles(r, (kc + 1) * (nr + 5));
    // the three layouts of A: packed panel, rows in place, A^T in place
    int[][] steps = {{1, DoubleGemmShapes.MR}, {lda, 1}, {1, lda}};
    for (int[] s : steps) {
      for (boolean fromC : new boolean[] {false, true}) {
        double al = fromC ? 1 : alpha;
        double[] c1 = doubles(r, 8 * 70);
        double[] c2 = c1.clone();
        double[] t1 = new double[DoubleBuffers.get().tile.length];
        double[] t2 = t1.clone();
        DoubleMicroKernels.tile6x2(kc, a, 2, s[0], s[1], b, 3, nr + 5, c1, 1, 70, rows, cols, al,
            beta, fromC, t1);
        DoubleGemmTwins.tile6x2(kc, a, 2, s[0], s[1], b, 3, nr + 5, c2, 1, 70, rows, cols, al,
            beta, fromC, t2);
        assertArrayEquals(c1, c2, "tile6x2 " + rows + "x" + cols + " beta " + beta);
        c1 = doubles(r, 8 * 70);
        c2 = c1.clone();
        DoubleMicroKernels.tile6x2Packed(kc, a, 2, b, 3, nr + 5, c1, 1, 70, rows, cols, beta, t1);
        DoubleGemmTwins.tile6x2Packed(kc, a, 2, b, 3, nr + 5, c2, 1, 70, rows, cols, beta, t2);
        assertArrayEquals(c1, c2, "tile6x2Packed " + rows + "x" + cols + " beta " + beta);
      }
    }
  }

  private static void doubleTile6x1(Random r, int kc, int rows, int cols, double alpha,
      double beta) {
    int lda = kc + 1;
    double[] a = doubles(r, (kc + 8) * lda + 8 * kc);
    double[] b = doubles(r, (kc + 1) * DoubleGemmShapes.NR);
    double[] c1 = doubles(r, 8 * 40);
    double[] c2 = c1.clone();
    double[] t1 = new double[DoubleBuffers.get().tile.length];
    DoubleMicroKernels.tile6x1(kc, a, 1, lda, 1, b, 2, DoubleGemmShapes.L, c1, 3, 40, rows, cols,
        alpha, beta, t1);
    DoubleGemmTwins.tile(kc, a, 1, lda, 1, b, 2, DoubleGemmShapes.L, c2, 3, 40, rows, cols, alpha,
        beta, false, t1.clone());
    assertArrayEquals(c1, c2, "tile6x1 " + rows + "x" + cols + " beta " + beta);
  }

  private static void doubleTile5x2(Random r, int kc, double alpha, double beta) {
    int nr = DoubleGemmShapes.NR;
    int lda = kc + 2;
    double[] a = doubles(r, 6 * lda);
    double[] b = doubles(r, (kc + 1) * nr);
    double[] c1 = doubles(r, 6 * (nr + 3));
    double[] c2 = c1.clone();
    double[] t1 = new double[DoubleBuffers.get().tile.length];
    DoubleMicroKernels.tile5x2(kc, a, 1, lda, b, 0, nr, c1, 2, nr + 3, alpha, beta, t1);
    DoubleGemmTwins.tile(kc, a, 1, lda, 1, b, 0, nr, c2, 2, nr + 3, 5, nr, alpha, beta, false,
        t1.clone());
    assertArrayEquals(c1, c2, "tile5x2 beta " + beta);
  }

  private static void doubleWide(Random r, int kc, int rows, int cols, double beta) {
    int mrw = DoubleGemmShapes.MR_W;
    int nrw = DoubleGemmShapes.NR_W;
    double[] ap = doubles(r, kc * mrw + 4);
    double[] bp = doubles(r, kc * nrw + 4);
    double[] c1 = doubles(r, 7 * (nrw + 2));
    double[] c2 = c1.clone();
    double[] t1 = new double[DoubleBuffers.get().tile.length];
    DoubleWideKernels.tile6x4Packed(kc, ap, 1, bp, 2, c1, 3, nrw + 2, rows, cols, beta, t1);
    DoubleGemmTwins.tile6x4Packed(kc, ap, 1, bp, 2, c2, 3, nrw + 2, rows, cols, beta, t1.clone());
    assertArrayEquals(c1, c2, "tile6x4Packed " + rows + "x" + cols + " beta " + beta);
  }

  private static void doubleNt(Random r, int panels, int kc, int rows) {
    int w = panels * DoubleGemmShapes.L;
    int ldb = kc + 5;
    double[] ap = doubles(r, kc * w);
    double[] b = doubles(r, 13 * ldb);
    double[] t1 = new double[13 * w + 4];
    double[] t2 = t1.clone();
    if (panels == 1) {
      DoubleNtKernels.ntKernel1(kc, ap, b, 2, ldb, rows, t1, 4);
    } else if (panels == 2) {
      DoubleNtKernels.ntKernel2(kc, ap, b, 2, ldb, rows, t1, 4);
    } else {
      DoubleNtKernels.ntKernel3(kc, ap, b, 2, ldb, rows, t1, 4);
    }
    DoubleGemmTwins.ntKernel(panels, kc, ap, b, 2, ldb, rows, t2, 4);
    java.util.Arrays.fill(t1, 4 + rows * w, t1.length, 0);
    assertArrayEquals(t1, t2, "ntKernel" + panels + " rows " + rows);
    double[] tile = doubles(r, 40 * w);
    for (double beta : BETAS) {
      double[] c1 = doubles(r, w * 40);
      double[] c2 = c1.clone();
      int[] gather = DoubleBuffers.get().gather[panels - 1];
      DoubleGemmFewRows.writeTileTransposed(tile, w, c1, 1, 40, w - 1, 37, -0.3, beta,
          gather);
      DoubleGemmTwins.writeTileTransposed(tile, w, c2, 1, 40, w - 1, 37, -0.3, beta);
      assertArrayEquals(c1, c2, "writeTileTransposed beta " + beta);
    }
  }

  private static void floatTile6x2(Random r, int kc, int rows, int cols, float alpha,
      float beta) {
    int nr = FloatGemmShapes.NR;
    int lda = kc + 3;
    float[] a = floats(r, (kc + 8) * lda + 8 * kc);
    float[] b = floats(r, (kc + 1) * (nr + 5));
    int[][] steps = {{1, FloatGemmShapes.MR}, {lda, 1}, {1, lda}};
    for (int[] s : steps) {
      for (boolean fromC : new boolean[] {false, true}) {
        float al = fromC ? 1 : alpha;
        float[] c1 = floats(r, 8 * 70);
        float[] c2 = c1.clone();
        float[] t1 = new float[FloatBuffers.get().tile.length];
        float[] t2 = t1.clone();
        FloatMicroKernels.tile6x2(kc, a, 2, s[0], s[1], b, 3, nr + 5, c1, 1, 70, rows, cols, al,
            beta, fromC, t1);
        FloatGemmTwins.tile6x2(kc, a, 2, s[0], s[1], b, 3, nr + 5, c2, 1, 70, rows, cols, al,
            beta, fromC, t2);
        assertArrayEquals(c1, c2, "tile6x2 " + rows + "x" + cols + " beta " + beta);
        c1 = floats(r, 8 * 70);
        c2 = c1.clone();
        FloatMicroKernels.tile6x2Packed(kc, a, 2, b, 3, nr + 5, c1, 1, 70, rows, cols, beta, t1);
        FloatGemmTwins.tile6x2Packed(kc, a, 2, b, 3, nr + 5, c2, 1, 70, rows, cols, beta, t2);
        assertArrayEquals(c1, c2, "tile6x2Packed " + rows + "x" + cols + " beta " + beta);
      }
    }
  }

  private static void floatTile6x1(Random r, int kc, int rows, int cols, float alpha,
      float beta) {
    int lda = kc + 1;
    float[] a = floats(r, (kc + 8) * lda + 8 * kc);
    float[] b = floats(r, (kc + 1) * FloatGemmShapes.NR);
    float[] c1 = floats(r, 8 * 40);
    float[] c2 = c1.clone();
    float[] t1 = new float[FloatBuffers.get().tile.length];
    FloatMicroKernels.tile6x1(kc, a, 1, lda, 1, b, 2, FloatGemmShapes.L, c1, 3, 40, rows, cols,
        alpha, beta, t1);
    FloatGemmTwins.tile(kc, a, 1, lda, 1, b, 2, FloatGemmShapes.L, c2, 3, 40, rows, cols, alpha,
        beta, false, t1.clone());
    assertArrayEquals(c1, c2, "tile6x1 " + rows + "x" + cols + " beta " + beta);
  }

  private static void floatTile5x2(Random r, int kc, float alpha, float beta) {
    int nr = FloatGemmShapes.NR;
    int lda = kc + 2;
    float[] a = floats(r, 6 * lda);
    float[] b = floats(r, (kc + 1) * nr);
    float[] c1 = floats(r, 6 * (nr + 3));
    float[] c2 = c1.clone();
    float[] t1 = new float[FloatBuffers.get().tile.length];
    FloatMicroKernels.tile5x2(kc, a, 1, lda, b, 0, nr, c1, 2, nr + 3, alpha, beta, t1);
    FloatGemmTwins.tile(kc, a, 1, lda, 1, b, 0, nr, c2, 2, nr + 3, 5, nr, alpha, beta, false,
        t1.clone());
    assertArrayEquals(c1, c2, "tile5x2 beta " + beta);
  }

  private static void floatWide(Random r, int kc, int rows, int cols, float beta) {
    int mrw = FloatGemmShapes.MR_W;
    int nrw = FloatGemmShapes.NR_W;
    float[] ap = floats(r, kc * mrw + 4);
    float[] bp = floats(r, kc * nrw + 4);
    float[] c1 = floats(r, 7 * (nrw + 2));
    float[] c2 = c1.clone();
    float[] t1 = new float[FloatBuffers.get().tile.length];
    FloatWideKernels.tile6x4Packed(kc, ap, 1, bp, 2, c1, 3, nrw + 2, rows, cols, beta, t1);
    FloatGemmTwins.tile6x4Packed(kc, ap, 1, bp, 2, c2, 3, nrw + 2, rows, cols, beta, t1.clone());
    assertArrayEquals(c1, c2, "tile6x4Packed " + rows + "x" + cols + " beta " + beta);
  }

  private static void floatNt(Random r, int panels, int kc, int rows) {
    int w = panels * FloatGemmShapes.L;
    int ldb = kc + 5;
    float[] ap = floats(r, kc * w);
    float[] b = floats(r, 13 * ldb);
    float[] t1 = new float[13 * w + 4];
    float[] t2 = t1.clone();
    if (panels == 1) {
      FloatNtKernels.ntKernel1(kc, ap, b, 2, ldb, rows, t1, 4);
    } else if (panels == 2) {
      FloatNtKernels.ntKernel2(kc, ap, b, 2, ldb, rows, t1, 4);
    } else {
      FloatNtKernels.ntKernel3(kc, ap, b, 2, ldb, rows, t1, 4);
    }
    FloatGemmTwins.ntKernel(panels, kc, ap, b, 2, ldb, rows, t2, 4);
    java.util.Arrays.fill(t1, 4 + rows * w, t1.length, 0);
    assertArrayEquals(t1, t2, "ntKernel" + panels + " rows " + rows);
    float[] tile = floats(r, 40 * w);
    for (double beta : BETAS) {
      float[] c1 = floats(r, w * 40);
      float[] c2 = c1.clone();
      int[] gather = FloatBuffers.get().gather[panels - 1];
      FloatGemmFewRows.writeTileTransposed(tile, w, c1, 1, 40, w - 1, 37, (float) -0.3, (float) beta,
          gather);
      FloatGemmTwins.writeTileTransposed(tile, w, c2, 1, 40, w - 1, 37, (float) -0.3, (float) beta);
      assertArrayEquals(c1, c2, "writeTileTransposed beta " + beta);
    }
  }

  private static double[] doubles(Random r, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble() * 2 - 1;
    }
    return x;
  }

  private static float[] floats(Random r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextFloat() * 2 - 1;
    }
    return x;
  }
}

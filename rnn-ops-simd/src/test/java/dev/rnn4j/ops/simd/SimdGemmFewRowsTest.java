package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.fail;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The few-row {@code op(B) = B^T} GEMM path ({@code m <= NT_MAX_M}, computed as {@code C^T = B
 * op(A)^T}) against the plain-Java reference, in the style of the conformance kit: every m from 1
 * to 40 and a few up to and past the limit, n not a multiple of the vector width and crossing the
 * row blocks of B, k crossing the depth block, k multiples of the vector width (the rows past the
 * last whole panel then run as dot products), both {@code transA}, alpha 1 and -0.75, beta 0
 * (NaN in the old C, which must be ignored), 1 and 0.5, offsets and leading dimensions wider than
 * the rows, both dtypes, one and two threads (the large shapes reach the parallel split). Also
 * deep products in all four transposes, which two threads split along k.
 */
class SimdGemmFewRowsTest {
  private static final TensorOps REF = ScalarTensorOpsProvider.reference();

  @ParameterizedTest
  @CsvSource({"F32, 1", "F32, 2", "F64, 1", "F64, 2"})
  void fewRowNtProductsMatchReference(DType dtype, int threads) {
    TensorOps ops = new SimdTensorOpsProvider().create(Options.of("threads", "" + threads));
    // k 128, 256 and 512: rows past the last whole panel run as dot products along k
    int[][] nk = {{1, 1}, {13, 3}, {97, 100}, {100, 257}, {203, 7}, {17, 300}, {37, 256},
      {6, 512}, {11, 128}};
    int variant = 0;
    for (int m = 1; m <= 40; m++) {
      for (int[] s : nk) {
        check(ops, dtype, variant % 2 == 1, true, m, s[0], s[1], variant++);
      }
    }
    int[][] shapes = {
      {47, 33, 65}, {48, 99, 5}, {63, 50, 129}, {64, 61, 40}, {65, 37, 31},
      // large enough to be split over the threads
      {52, 101, 256},
      {20, 1100, 100}, {35, 1003, 257}, {64, 700, 65}, {40, 2001, 30}, {3, 5000, 150},
      {35, 1003, 256}, {4, 3001, 512}
    };
    for (int[] s : shapes) {
      for (int t = 0; t < 2; t++) {
        check(ops, dtype, t == 1, true, s[0], s[1], s[2], variant++);
      }
    }
  }

  /**
   * Few-row products with op(B) = B, A read in place: strips of 6 rows, or of 5 when the row
   * count is a multiple of 5 but not of 6 (T = 20, 25, 35), full and partial column panels.
   */
  @ParameterizedTest
  @CsvSource({"F32, 1", "F64, 1"})
  void fewRowNnProductsMatchReference(DType dtype, int threads) {
    TensorOps ops = new SimdTensorOpsProvider().create(Options.of("threads", "" + threads));
    int[][] nk = {{1, 3}, {100, 257}, {256, 40}, {37, 300}, {64, 9}};
    int variant = 0;
    for (int m = 1; m <= 40; m++) {
      for (int[] s : nk) {
        check(ops, dtype, variant % 4 == 3, false, m, s[0], s[1], variant++);
      }
    }
  }

  /** Deep products (k much larger than m and n), which two threads split along k. */
  @ParameterizedTest
  @CsvSource({"F32, 1", "F32, 2", "F64, 1", "F64, 2"})
  void deepProductsMatchReference(DType dtype, int threads) {
    TensorOps ops = new SimdTensorOpsProvider().create(Options.of("threads", "" + threads));
    int[][] shapes = {{20, 100, 1100}, {35, 97, 1001}, {3, 50, 15000}, {64, 33, 1500},
      {7, 300, 1201}};
    int variant = 0;
    for (int[] s : shapes) {
      for (int t = 0; t < 4; t++) {
        check(ops, dtype, t >= 2, (t & 1) == 1, s[0], s[1], s[2], variant++);
      }
    }
  }

  /**
   * Products that pack both operands, in all four transposes: with 512-bit vectors they run the
   * wide tile (DoubleGemmShapes.WIDE), elsewhere the 6 x 2 one. The shapes cross every cache
   * block of either (more than 1024 columns, 384 rows, 256 deep) and end in partial tiles.
   */
  @ParameterizedTest
  @CsvSource({"F32, 1", "F32, 2", "F64, 1", "F64, 2"})
  void packedProductsMatchReference(DType dtype, int threads) {
    TensorOps ops = new SimdTensorOpsProvider().create(Options.of("threads", "" + threads));
    int[][] shapes = {{65, 1100, 300}, {401, 70, 129}, {130, 130, 65}, {97, 200, 513}};
    int variant = 0;
    for (int[] s : shapes) {
      for (int t = 0; t < 4; t++) {
        check(ops, dtype, t >= 2, (t & 1) == 1, s[0], s[1], s[2], variant++);
      }
    }
  }

  private static void check(TensorOps ops, DType dtype, boolean transA, boolean transB, int m,
      int n, int k, int variant) {
    Random rnd = new Random(17L * variant + m * 7919L + n * 104729L + k * 15485863L);
    double alpha = variant % 3 == 1 ? -0.75 : 1.0;
    double beta = (variant / 2) % 3 == 0 ? 0 : ((variant / 2) % 3 == 1 ? 1.0 : 0.5);
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    int aOff = rnd.nextInt(4);
    int lda = aCols + rnd.nextInt(3);
    int bOff = rnd.nextInt(4);
    int bRows = transB ? n : k;
    int bCols = transB ? k : n;
    int ldb = bCols + rnd.nextInt(3);
    int cOff = rnd.nextInt(4);
    int ldc = n + rnd.nextInt(3);
    Tensor a = random(dtype, rnd, aOff + (aRows - 1) * lda + aCols + 2);
    Tensor b = random(dtype, rnd, bOff + (bRows - 1) * ldb + bCols + 2);
    Tensor c0 = random(dtype, rnd, cOff + (m - 1) * ldc + n + 2);
    if (beta == 0) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          c0.set(cOff + i * ldc + j, Double.NaN);
        }
      }
    }
    Tensor cRef = c0.copy();
    Tensor cOut = c0.copy();
    REF.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, cRef, cOff, ldc);
    ops.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, cOut, cOff, ldc);
    String what = "gemm " + dtype + " transA=" + transA + " transB=" + transB + " m=" + m
        + " n=" + n + " k=" + k + " alpha=" + alpha + " beta=" + beta;
    double u = dtype == DType.F32 ? 0x1p-24 : 0x1p-53;
    for (int i = 0; i < c0.size(); i++) {
      int rel = i - cOff;
      boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
      if (!inside) {
        if (Double.compare(c0.get(i), cOut.get(i)) != 0) {
          fail(what + ": element " + i + " outside C was changed");
        }
        continue;
      }
      int row = rel / ldc;
      int col = rel % ldc;
      double mag = 0;
      for (int p = 0; p < k; p++) {
        double x = transA ? a.get(aOff + p * lda + row) : a.get(aOff + row * lda + p);
        double y = transB ? b.get(bOff + col * ldb + p) : b.get(bOff + p * ldb + col);
        mag += Math.abs(x * y);
      }
      double old = beta == 0 ? 0 : Math.abs(beta * c0.get(i));
      double tol = 2 * (k + 4) * u * (Math.abs(alpha) * mag + old) + 1e-30;
      double expected = cRef.get(i);
      double actual = cOut.get(i);
      if (!(Math.abs(expected - actual) <= tol)) {
        fail(what + ": at [" + row + "," + col + "] expected " + expected + " but was " + actual
            + " (tolerance " + tol + ")");
      }
    }
  }

  private static Tensor random(DType dtype, Random rnd, int size) {
    Tensor t = Tensor.zeros(dtype, size);
    for (int i = 0; i < size; i++) {
      t.set(i, rnd.nextDouble() * 2 - 1);
    }
    return t;
  }
}

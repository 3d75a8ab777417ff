package dev.rnn4j.testkit.ops;

import static dev.rnn4j.testkit.ops.KitChecks.assertAllClose;
import static dev.rnn4j.testkit.ops.KitChecks.assertClose;
import static dev.rnn4j.testkit.ops.KitChecks.randomTensor;
import static dev.rnn4j.testkit.ops.KitChecks.tiny;
import static dev.rnn4j.testkit.ops.KitChecks.withLarge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.Activation;
import dev.rnn4j.api.ops.FusedLinearStep;
import dev.rnn4j.api.ops.BatchedPackedProducts;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.ArgmaxProducts;
import dev.rnn4j.api.ops.PackedProducts;
import dev.rnn4j.api.ops.ParallelRanges;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.ops.scalar.DoubleKernels;
import dev.rnn4j.ops.scalar.FloatKernels;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance kit for {@link TensorOps} backends: every method of the backend under test is
 * compared, element by element, with the plain-Java reference (the default methods of {@link
 * FloatKernels} and {@link DoubleKernels}) on seeded random data.
 *
 * <p>The cases are chosen to hit every tail and blocking path of a vectorised, packed
 * implementation: lengths 1, 2, 3, 7, 13, 31, 127, 1021 (and a few larger ones), matrix shapes
 * that are not multiples of any vector width, all four {@code transA}/{@code transB}
 * combinations, {@code beta} 0 (with NaN in the old output, which must be ignored), 1 and 0.5,
 * accumulating element-wise variants, non-zero offsets and leading dimensions larger than the row
 * width, tensors whose storage starts past their array's first element ({@link Tensor#start()}),
 * both dtypes, softmax cross-entropy with ignored ({@code -1}) and null targets, every
 * {@link Activation} and its backward, and the optional capabilities {@link PackedProducts},
 * {@link BatchedPackedProducts}, {@link FusedLinearStep}, {@link ParallelRanges} and {@link
 * ArgmaxProducts} (the very index of its own plain path) when the backend offers them (skipped,
 * not failed, when it does not). Outputs outside the documented region must not change.
 *
 * <p>Tolerances are per dtype and grow with the reduction length: a sum of {@code k} products
 * may differ from the reference by {@code 2 (k + 4) u sum |a_i b_i|}, with {@code u} the unit
 * roundoff of the dtype (2<sup>-24</sup> or 2<sup>-53</sup>), which allows any summation order
 * (blocking, vector lanes, threads). Element-wise transcendental functions may differ by {@code
 * 16 u |y| + 4 u}. Copies, clamps and argmax must be exact.
 *
 * <h2>Testing your own backend</h2>
 *
 * Add {@code dev.rnn4j:rnn-testkit} as a test dependency (it brings JUnit Jupiter) and write one
 * class in your test folder:
 *
 * <pre>{@code
 * class MyBackendConformanceTest extends TensorOpsConformanceTest {
 *   @Override
 *   protected TensorOps opsUnderTest() {
 *     return new MyBackendProvider().create(Options.empty());
 *   }
 * }
 * }</pre>
 *
 * The instance is created once per test class and shared by all tests (the contract says a
 * backend is thread-safe and stateless between calls). Everything runs in a few seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TensorOpsConformanceTest {
  /** The awkward lengths every element-wise kernel is tried on. */
  protected static final int[] SIZES = {1, 2, 3, 7, 13, 31, 127, 1021};

  private TensorOps ops;
  private TensorOps ref;

  /** @return the backend under test; called once per test class */
  protected abstract TensorOps opsUnderTest();

  /** @return the {@code scalar} reference backend every result is compared with */
  protected static TensorOps referenceOps() {
    return ScalarTensorOpsProvider.reference();
  }

  @BeforeAll
  void createBackends() {
    ops = opsUnderTest();
    ref = referenceOps();
  }

  // ---------------------------------------------------------------- GEMM

  @ParameterizedTest
  @EnumSource(DType.class)
  void gemmMatchesReferenceOnSmallShapesAllTransposes(DType dtype) {
    int[] dims = {1, 2, 3, 7, 13, 31};
    int variant = 0;
    for (int m : dims) {
      for (int n : dims) {
        for (int k : dims) {
          for (int t = 0; t < 4; t++) {
            checkGemm(dtype, t >= 2, (t & 1) == 1, m, n, k, variant++);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void gemmMatchesReferenceOnLargeAndSkinnyShapes(DType dtype) {
    int[][] shapes = {
      {67, 31, 1021}, {1021, 13, 127}, {31, 541, 127}, {127, 127, 127}, {1, 127, 1021},
      {1021, 1, 31}, {1, 100, 100}, {20, 100, 257}, {35, 256, 301}, {301, 100, 35},
      {150, 141, 100}, {64, 64, 600},
      // the RNN's own: O = S V^T, dS = dO V, dV = dO^T S, dW = dA^T S (as m, n, k), and a B
      // whose width leaves a partial strip
      {25, 65, 128}, {20, 1003, 100}, {35, 97, 1001}, {65, 128, 25}, {100, 100, 19},
      // rows just past whole vectors of 8 or 16 lanes (a backend may compute those rows apart)
      {17, 300, 64}, {50, 129, 256}, {51, 40, 300}, {33, 70, 31}
    };
    int variant = 0;
    for (int[] s : shapes) {
      for (int t = 0; t < 4; t++) {
        checkGemm(dtype, t >= 2, (t & 1) == 1, s[0], s[1], s[2], variant++);
      }
    }
  }

  private void checkGemm(DType dtype, boolean transA, boolean transB, int m, int n, int k,
      int variant) {
    Random rnd = new Random(31L * variant + m * 7919L + n * 104729L + k * 15485863L);
    double alpha = variant % 3 == 1 ? -0.75 : 1.0;
    double beta = variant % 3 == 0 ? 0 : (variant % 3 == 1 ? 1.0 : 0.5);
    Layout la = Layout.random(rnd, transA ? k : m, transA ? m : k);
    Layout lb = Layout.random(rnd, transB ? n : k, transB ? k : n);
    Layout lc = Layout.random(rnd, m, n);
    Tensor a = la.fill(dtype, rnd);
    Tensor b = lb.fill(dtype, rnd);
    Tensor c0 = lc.fillOutput(dtype, rnd, beta);
    Tensor cRef = c0.copy();
    Tensor cOut = c0.copy();
    ref.gemm(transA, transB, m, n, k, alpha, a, la.off, la.ld, b, lb.off, lb.ld, beta, cRef,
        lc.off, lc.ld);
    ops.gemm(transA, transB, m, n, k, alpha, a, la.off, la.ld, b, lb.off, lb.ld, beta, cOut,
        lc.off, lc.ld);
    String what = "gemm " + dtype + " transA=" + transA + " transB=" + transB + " m=" + m + " n="
        + n + " k=" + k + " alpha=" + alpha + " beta=" + beta;
    double u = unitRoundoff(dtype);
    double[] absA = new double[m * k]; // |op(A)|, row-major m x k
    double[] absBt = new double[n * k]; // |op(B)^T|, row-major n x k
    for (int i = 0; i < m; i++) {
      for (int p = 0; p < k; p++) {
        absA[i * k + p] = Math.abs(transA ? a.get(la.off + p * la.ld + i) : a.get(la.off + i * la.ld + p));
      }
    }
    for (int j = 0; j < n; j++) {
      for (int p = 0; p < k; p++) {
        absBt[j * k + p] = Math.abs(transB ? b.get(lb.off + j * lb.ld + p) : b.get(lb.off + p * lb.ld + j));
      }
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double mag = 0;
        for (int p = 0; p < k; p++) {
          mag += absA[i * k + p] * absBt[j * k + p];
        }
        int ci = lc.off + i * lc.ld + j;
        double old = beta == 0 ? 0 : Math.abs(beta * c0.get(ci));
        double tol = 2 * (k + 4) * u * (Math.abs(alpha) * mag + old) + tiny(dtype);
        assertClose(cRef.get(ci), cOut.get(ci), tol, what, i + "," + j);
      }
    }
    lc.assertOutsideUnchanged(c0, cOut, what);
  }

  // ---------------------------------------------------------------- storage starts

  /**
   * Every operation and offered capability on tensors that start past element 0 of their arrays
   * ({@link Tensor#start()}), against the same values starting at 0 ({@link StorageStartCheck}).
   */
  @ParameterizedTest
  @EnumSource(DType.class)
  void tensorsStartingPastTheirArraysFirstElementGiveTheSameResults(DType dtype) {
    StorageStartCheck.check(ops, dtype);
  }

  // ---------------------------------------------------------------- fused backward + step

  /**
   * {@code linearBackwardStep} against the two products it fuses ({@link FusedStepCheck}); shapes
   * from tiny to ones big enough to be split over threads (a word model's out is far above rows).
   */
  @ParameterizedTest
  @EnumSource(DType.class)
  void linearBackwardStepMatchesTheTwoProductsItFuses(DType dtype) {
    FusedLinearStep fused = capability(FusedLinearStep.class);
    int[][] shapes = {
      {1, 1, 1}, {2, 3, 1}, {3, 7, 13}, {7, 1, 31}, {13, 31, 7}, {5, 700, 1}, {1, 900, 100},
      {20, 1021, 100}, {21, 1021, 100}, {35, 2003, 37}, {25, 65, 128}, {100, 65, 512},
      {64, 3, 3}, {4, 0, 5}};
    int variant = 0;
    for (int[] s : shapes) {
      for (int b = 0; b < 3; b++) {
        FusedStepCheck.check(ref, fused, dtype, s[0], s[1], s[2], variant++);
      }
    }
  }

  /** {@link ParallelRanges#forRanges} covers every index once; a range may call the backend. */
  @Test
  void parallelRangesCoverEveryIndexExactlyOnce() {
    ParallelRangesCheck.check(ops, capability(ParallelRanges.class));
  }

  // ---------------------------------------------------------------- argmax of a product

  /**
   * {@link ArgmaxProducts#argmax} against the plain path of the same backend (packed product,
   * bias, exclusions, first maximum): random rows, ties and near-ties a compact copy cannot
   * separate, rows of very different scales, shapes from one row to a word model's output layer.
   */
  @ParameterizedTest
  @EnumSource(DType.class)
  void argmaxOfAProductIsTheArgmaxOfThePlainProduct(DType dtype) {
    ArgmaxProducts argmax = capability(ArgmaxProducts.class);
    // large ones too: a backend may read a compact copy only where the matrix leaves the cache
    int[][] shapes = {{1, 1}, {3, 7}, {65, 128}, {130, 3}, {1021, 100}, {2053, 130}, {300, 1001},
      {4099, 257}};
    long seed = 0;
    for (int[] s : shapes) {
      for (ArgmaxCheck.Kind kind : ArgmaxCheck.Kind.values()) {
        ArgmaxCheck.check(ops, argmax, dtype, s[0], s[1], kind, seed++);
      }
    }
  }

  /** {@link ArgmaxProducts#argmax} on inputs outside any error bound: NaN, infinities, overflow. */
  @ParameterizedTest
  @EnumSource(DType.class)
  void argmaxOfAProductHandlesNonFiniteInputsAsThePlainPath(DType dtype) {
    ArgmaxProducts argmax = capability(ArgmaxProducts.class);
    ArgmaxCheck.checkNonFinite(ops, argmax, dtype, 200, 33, 1);
    ArgmaxCheck.checkNonFinite(ops, argmax, dtype, 2100, 130, 3);
    ArgmaxCheck.checkNonFinite(ops, argmax, dtype, 1, 1, 2);
  }

  // ---------------------------------------------------------------- GEMV

  @ParameterizedTest
  @EnumSource(DType.class)
  void gemvMatchesReferenceBothOrientations(DType dtype) {
    int[] dims = {1, 2, 3, 7, 13, 31, 127, 1021};
    int variant = 0;
    for (int rows : dims) {
      for (int cols : dims) {
        for (int t = 0; t < 2; t++) {
          checkGemv(dtype, t == 1, rows, cols, variant++, false);
        }
      }
    }
  }

  /**
   * One gemv against the reference; with {@code packed}, op(A) is packed by the backend's {@link
   * PackedProducts} (into its previous pack when the shape allows) and multiplied with it.
   */
  private void checkGemv(DType dtype, boolean transA, int rows, int cols, int variant,
      boolean packed) {
    Random rnd = new Random(17L * variant + rows * 7919L + cols * 104729L);
    double alpha = variant % 3 == 1 ? 0.5 : 1.0;
    double beta = variant % 3 == 0 ? 0 : (variant % 3 == 1 ? 1.0 : -0.5);
    int inLen = transA ? rows : cols;
    int outLen = transA ? cols : rows;
    Layout la = Layout.random(rnd, rows, cols);
    Layout lx = Layout.random(rnd, 1, inLen);
    Layout ly = Layout.random(rnd, 1, outLen);
    Tensor a = la.fill(dtype, rnd);
    Tensor x = lx.fill(dtype, rnd);
    Tensor y0 = ly.fillOutput(dtype, rnd, beta);
    Tensor yRef = y0.copy();
    Tensor yOut = y0.copy();
    ref.gemv(transA, rows, cols, alpha, a, la.off, la.ld, x, lx.off, beta, yRef, ly.off);
    String what = (packed ? "packed gemv " : "gemv ") + dtype + " transA=" + transA + " rows="
        + rows + " cols=" + cols + " alpha=" + alpha + " beta=" + beta;
    if (packed) {
      PackedProducts packing = capability(PackedProducts.class);
      lastPacked = packing.pack(transA, a, la.off, la.ld, outLen, inLen, lastPacked);
      assertEquals(outLen, lastPacked.rows(), what);
      assertEquals(inLen, lastPacked.cols(), what);
      assertEquals(dtype, lastPacked.dtype(), what);
      packing.gemv(lastPacked, alpha, x, lx.off, beta, yOut, ly.off);
    } else {
      ops.gemv(transA, rows, cols, alpha, a, la.off, la.ld, x, lx.off, beta, yOut, ly.off);
    }
    double u = unitRoundoff(dtype);
    for (int i = 0; i < outLen; i++) {
      double mag = 0;
      for (int p = 0; p < inLen; p++) {
        double av = transA ? a.get(la.off + p * la.ld + i) : a.get(la.off + i * la.ld + p);
        mag += Math.abs(av * x.get(lx.off + p));
      }
      double old = beta == 0 ? 0 : Math.abs(beta * y0.get(ly.off + i));
      double tol = 2 * (inLen + 4) * u * (Math.abs(alpha) * mag + old) + tiny(dtype);
      assertClose(yRef.get(ly.off + i), yOut.get(ly.off + i), tol, what, String.valueOf(i));
    }
    ly.assertOutsideUnchanged(y0, yOut, what);
  }

  private PackedMatrix lastPacked;

  /**
   * @return the backend under test as an optional capability; the calling test is skipped (not
   *     failed) when the backend does not offer it
   */
  private <C> C capability(Class<C> type) {
    Optional<C> c = ops.capability(type);
    Assumptions.assumeTrue(c.isPresent(), () -> ops.name() + " does not offer " + type.getSimpleName());
    return c.get();
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void packedGemvMatchesGemvOnTheMatrixItWasPackedFrom(DType dtype) {
    int[] dims = {1, 2, 3, 7, 13, 31, 127, 1021};
    int variant = 0;
    for (int rows : dims) {
      for (int cols : dims) {
        for (int t = 0; t < 2; t++) {
          checkGemv(dtype, t == 1, rows, cols, variant++, true);
        }
      }
    }
  }

  /**
   * {@link BatchedPackedProducts#gemvBatch} gives each vector exactly the bits {@link PackedProducts#gemv}
   * gives it alone: counts around any grouping of vectors, panel heights cut anywhere, strided
   * rows, every alpha and beta case; what lies between the output rows stays as it was.
   */
  @ParameterizedTest
  @EnumSource(DType.class)
  void packedProductOfSeveralVectorsGivesEachTheBitsOfItsOwnGemv(DType dtype) {
    BatchedPackedProducts packing = capability(BatchedPackedProducts.class);
    int[][] shapes = {{1, 1}, {7, 3}, {64, 128}, {65, 31}, {130, 257}, {512, 100}};
    int[] counts = {1, 2, 3, 4, 5, 8, 9, 16, 33};
    int variant = 0;
    for (int[] shape : shapes) {
      for (int count : counts) {
        PackedBatchCheck.check(packing, dtype, shape[0], shape[1], count, variant++);
      }
    }
  }

  // ---------------------------------------------------------------- rows and broadcasts

  @ParameterizedTest
  @EnumSource(DType.class)
  void gatherRowsCopiesRowsAndZeroesNegativeIds(DType dtype) {
    for (int width : SIZES) {
      Random rnd = new Random(width);
      int tableRows = 11;
      Tensor table = randomTensor(dtype, rnd, tableRows * width);
      int[] ids = {-7, 3, 0, 10, 3, -1, 5, 5, 1};
      int idsOff = 1;
      int count = ids.length - idsOff;
      int outOff = 5;
      Tensor out0 = randomTensor(dtype, rnd, outOff + count * width + 3);
      Tensor outRef = out0.copy();
      Tensor outOps = out0.copy();
      ref.gatherRows(table, width, ids, idsOff, count, outRef, outOff);
      ops.gatherRows(table, width, ids, idsOff, count, outOps, outOff);
      assertAllClose(outRef, outOps, 0, 0, dtype, "gatherRows width=" + width);
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void scatterAddRowsAccumulatesRepeatedIdsAndSkipsNegative(DType dtype) {
    for (int width : SIZES) {
      Random rnd = new Random(100 + width);
      int tableRows = 9;
      int[] ids = {4, -1, 2, 4, 8, 0, -3, 4, 2};
      int idsOff = 1;
      int count = ids.length - idsOff;
      int srcOff = 3;
      Tensor src = randomTensor(dtype, rnd, srcOff + count * width + 2);
      Tensor t0 = randomTensor(dtype, rnd, tableRows * width);
      Tensor tRef = t0.copy();
      Tensor tOps = t0.copy();
      ref.scatterAddRows(src, srcOff, width, ids, idsOff, count, tRef);
      ops.scatterAddRows(src, srcOff, width, ids, idsOff, count, tOps);
      assertAllClose(tRef, tOps, 8 * unitRoundoff(dtype) * count, tiny(dtype), dtype,
          "scatterAddRows width=" + width);
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void addRowVectorAddsToEveryRow(DType dtype) {
    for (int cols : SIZES) {
      // 131 x 1021 is large enough for a backend to split the rows over threads
      for (int rows : new int[] {1, 3, 13, 131}) {
        Random rnd = new Random(rows * 31L + cols);
        int vOff = 2;
        int mOff = 7;
        Tensor v = randomTensor(dtype, rnd, vOff + cols + 1);
        Tensor m0 = randomTensor(dtype, rnd, mOff + rows * cols + 5);
        Tensor mRef = m0.copy();
        Tensor mOps = m0.copy();
        ref.addRowVector(rows, cols, v, vOff, mRef, mOff);
        ops.addRowVector(rows, cols, v, vOff, mOps, mOff);
        assertAllClose(mRef, mOps, 0, 0, dtype, "addRowVector rows=" + rows + " cols=" + cols);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void addColumnSumsAddsSumsToOutput(DType dtype) {
    for (int cols : SIZES) {
      for (int rows : new int[] {1, 2, 7, 31, 127}) {
        Random rnd = new Random(rows * 131L + cols);
        int mOff = 3;
        int outOff = 4;
        Tensor m = randomTensor(dtype, rnd, mOff + rows * cols + 2);
        Tensor o0 = randomTensor(dtype, rnd, outOff + cols + 3);
        Tensor oRef = o0.copy();
        Tensor oOps = o0.copy();
        ref.addColumnSums(rows, cols, m, mOff, oRef, outOff);
        ops.addColumnSums(rows, cols, m, mOff, oOps, outOff);
        String what = "addColumnSums " + dtype + " rows=" + rows + " cols=" + cols;
        for (int j = 0; j < cols; j++) {
          double mag = Math.abs(o0.get(outOff + j));
          for (int i = 0; i < rows; i++) {
            mag += Math.abs(m.get(mOff + i * cols + j));
          }
          double tol = 2 * (rows + 4) * unitRoundoff(dtype) * mag + tiny(dtype);
          assertClose(oRef.get(outOff + j), oOps.get(outOff + j), tol, what, String.valueOf(j));
        }
        for (int i = 0; i < o0.size(); i++) {
          if (i < outOff || i >= outOff + cols) {
            assertEquals(o0.get(i), oOps.get(i), what + ": element " + i + " outside the output");
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- softmax cross-entropy

  @ParameterizedTest
  @EnumSource(DType.class)
  void softmaxCrossEntropyMatchesReference(DType dtype) {
    int[] colsList = {1, 2, 3, 7, 13, 31, 127, 1021, 10007};
    int variant = 0;
    for (int cols : colsList) {
      // 7 x 10007 is large enough for a backend to split the rows over threads
      for (int rows : cols == 10007 ? new int[] {1, 4, 7} : new int[] {1, 4}) {
        for (int mode = 0; mode < 4; mode++) {
          SoftmaxCheck.check(ref, ops, dtype, rows, cols, mode, variant++);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void softmaxCrossEntropyIsStableForHugeLogits(DType dtype) {
    int rows = 3;
    int cols = 37;
    Random rnd = new Random(5);
    Tensor x0 = Tensor.zeros(dtype, rows * cols);
    for (int i = 0; i < rows * cols; i++) {
      x0.set(i, (rnd.nextDouble() - 0.5) * 2000);
    }
    int[] targets = {3, 36, 0};
    Tensor xOps = x0.copy();
    double[] loss = new double[rows];
    double total = ops.softmaxCrossEntropy(rows, cols, xOps, 0, targets, 0, loss, true);
    assertTrue(Double.isFinite(total), "loss must be finite with logits of magnitude 1000");
    Tensor xRef = x0.copy();
    double totalRef = ref.softmaxCrossEntropy(rows, cols, xRef, 0, targets, 0, null, true);
    assertEquals(totalRef, total, 1e-9 * Math.abs(totalRef) + 1e-6, "total loss");
    SoftmaxCheck.assertRowsClose(dtype, rows, cols, x0, 0, targets, 0, true, xRef, xOps,
        "softmax gradient with huge logits");
  }

  // ---------------------------------------------------------------- activations

  @ParameterizedTest
  @EnumSource(DType.class)
  void activateMatchesReferenceForEveryActivation(DType dtype) {
    for (Activation f : Activation.values()) {
      for (int n : withLarge(SIZES)) {
        Random rnd = new Random(n * 3L + f.ordinal());
        int xOff = 1;
        int yOff = 6;
        Tensor x = Tensor.zeros(dtype, xOff + n + 2);
        for (int i = 0; i < x.size(); i++) {
          x.set(i, i % 17 == 0 ? (rnd.nextDouble() - 0.5) * 80 : (rnd.nextDouble() - 0.5) * 12);
        }
        Tensor y0 = randomTensor(dtype, rnd, yOff + n + 3);
        Tensor yRef = y0.copy();
        Tensor yOps = y0.copy();
        ref.activate(f, n, x, xOff, yRef, yOff);
        ops.activate(f, n, x, xOff, yOps, yOff);
        double u = unitRoundoff(dtype);
        String what = "activate " + f + " " + dtype + " n=" + n;
        assertAllClose(yRef, yOps, 16 * u, 4 * u, dtype, what);
        Tensor inPlaceRef = x.copy();
        Tensor inPlaceOps = x.copy();
        ref.activate(f, n, inPlaceRef, xOff, inPlaceRef, xOff);
        ops.activate(f, n, inPlaceOps, xOff, inPlaceOps, xOff);
        assertAllClose(inPlaceRef, inPlaceOps, 16 * u, 4 * u, dtype, what + " in place");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void activateBackwardMatchesReference(DType dtype) {
    for (Activation f : Activation.values()) {
      for (int n : withLarge(SIZES)) {
        for (int mode = 0; mode < 3; mode++) {
          // mode 0: overwrite; 1: accumulate; 2: dx is dy (in place)
          Random rnd = new Random(n * 7L + f.ordinal() * 3L + mode);
          Tensor y = Tensor.zeros(dtype, n + 2);
          for (int i = 0; i < y.size(); i++) {
            double v = rnd.nextDouble() * 2 - 1;
            y.set(i, f == Activation.SIGMOID ? Math.abs(v) : (f == Activation.RELU && i % 2 == 0 ? 0 : v));
          }
          Tensor dy = randomTensor(dtype, rnd, n + 5);
          Tensor dx = randomTensor(dtype, rnd, n + 9);
          String what = "activateBackward " + f + " " + dtype + " n=" + n + " mode=" + mode;
          double u = unitRoundoff(dtype);
          if (mode == 2) {
            Tensor dRef = dy.copy();
            Tensor dOps = dy.copy();
            ref.activateBackward(f, n, y, 2, dRef, 3, dRef, 3, false);
            ops.activateBackward(f, n, y, 2, dOps, 3, dOps, 3, false);
            assertAllClose(dRef, dOps, 4 * u, tiny(dtype), dtype, what);
          } else {
            Tensor dRef = dx.copy();
            Tensor dOps = dx.copy();
            ref.activateBackward(f, n, y, 1, dy, 4, dRef, 7, mode == 1);
            ops.activateBackward(f, n, y, 1, dy, 4, dOps, 7, mode == 1);
            assertAllClose(dRef, dOps, 4 * u, 4 * u, dtype, what);
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- BLAS-1 style

  @ParameterizedTest
  @EnumSource(DType.class)
  void multiplyMatchesReferenceAccumulatingAndAliased(DType dtype) {
    for (int n : withLarge(SIZES)) {
      for (int mode = 0; mode < 3; mode++) {
        // mode 0: overwrite; 1: accumulate; 2: out is a
        Random rnd = new Random(n * 11L + mode);
        Tensor a = randomTensor(dtype, rnd, n + 4);
        Tensor b = randomTensor(dtype, rnd, n + 6);
        Tensor o = randomTensor(dtype, rnd, n + 8);
        double u = unitRoundoff(dtype);
        String what = "multiply " + dtype + " n=" + n + " mode=" + mode;
        if (mode == 2) {
          Tensor aRef = a.copy();
          Tensor aOps = a.copy();
          ref.multiply(n, aRef, 2, b, 5, aRef, 2, false);
          ops.multiply(n, aOps, 2, b, 5, aOps, 2, false);
          assertAllClose(aRef, aOps, 0, 0, dtype, what);
        } else {
          Tensor oRef = o.copy();
          Tensor oOps = o.copy();
          ref.multiply(n, a, 1, b, 3, oRef, 6, mode == 1);
          ops.multiply(n, a, 1, b, 3, oOps, 6, mode == 1);
          assertAllClose(oRef, oOps, 2 * u, 2 * u, dtype, what);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void axpyAndScaleMatchReference(DType dtype) {
    int[] sizes = withLarge(SIZES);
    sizes = java.util.Arrays.copyOf(sizes, sizes.length + 1);
    sizes[sizes.length - 1] = 300007; // large enough for a backend to split it over threads
    for (int n : sizes) {
      Random rnd = new Random(n * 13L);
      Tensor x = randomTensor(dtype, rnd, n + 3);
      Tensor y = randomTensor(dtype, rnd, n + 7);
      double u = unitRoundoff(dtype);
      Tensor yRef = y.copy();
      Tensor yOps = y.copy();
      ref.axpy(n, -0.3, x, 2, yRef, 5);
      ops.axpy(n, -0.3, x, 2, yOps, 5);
      assertAllClose(yRef, yOps, 2 * u, 2 * u, dtype, "axpy " + dtype + " n=" + n);
      // a sparse x (zero stretches, as in an embedding gradient), and a non-finite alpha
      Tensor sparse = x.copy();
      for (int i = 0; i < sparse.size(); i++) {
        if ((i / 37) % 3 != 1) {
          sparse.set(i, (i & 1) == 0 ? 0.0 : -0.0);
        }
      }
      ref.axpy(n, -0.3, sparse, 2, yRef, 5);
      ops.axpy(n, -0.3, sparse, 2, yOps, 5);
      assertAllClose(yRef, yOps, 4 * u, 4 * u, dtype, "axpy sparse " + dtype + " n=" + n);
      Tensor yInfRef = y.copy();
      Tensor yInfOps = y.copy();
      ref.axpy(n, Double.POSITIVE_INFINITY, sparse, 2, yInfRef, 5);
      ops.axpy(n, Double.POSITIVE_INFINITY, sparse, 2, yInfOps, 5);
      for (int i = 0; i < yInfRef.size(); i++) {
        if (Double.isNaN(yInfRef.get(i)) != Double.isNaN(yInfOps.get(i))) {
          throw new AssertionError("axpy alpha=inf " + dtype + " n=" + n + " at " + i + ": "
              + yInfRef.get(i) + " vs " + yInfOps.get(i));
        }
      }
      Tensor sRef = x.copy();
      Tensor sOps = x.copy();
      ref.scale(n, 1.7, sRef, 1);
      ops.scale(n, 1.7, sOps, 1);
      assertAllClose(sRef, sOps, 0, 0, dtype, "scale " + dtype + " n=" + n);
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void dotAndSumOfSquaresMatchReference(DType dtype) {
    for (int n : withLarge(SIZES)) {
      Random rnd = new Random(n * 17L);
      Tensor x = randomTensor(dtype, rnd, n + 3);
      Tensor y = randomTensor(dtype, rnd, n + 5);
      double mag = 0;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        mag += Math.abs(x.get(1 + i) * y.get(4 + i));
        sq += x.get(1 + i) * x.get(1 + i);
      }
      double u = unitRoundoff(dtype);
      assertClose(ref.dot(n, x, 1, y, 4), ops.dot(n, x, 1, y, 4), 2 * (n + 4) * u * mag + tiny(dtype),
          "dot " + dtype + " n=" + n, "");
      assertClose(ref.sumOfSquares(n, x, 1), ops.sumOfSquares(n, x, 1), 2 * (n + 4) * u * sq + tiny(dtype),
          "sumOfSquares " + dtype + " n=" + n, "");
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void clipClampsExactly(DType dtype) {
    ElementwiseCheck.clip(ops, ref, dtype, SIZES);
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void flushBelowZeroesOnlyTheTinyNonZeroElements(DType dtype) {
    ElementwiseCheck.flushBelow(ops, dtype, SIZES);
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void argmaxReturnsFirstMaximum(DType dtype) {
    ElementwiseCheck.argmaxFirstMaximum(ops, ref, dtype, SIZES);
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void argmaxTreatsNanAsTheReferenceScanDoes(DType dtype) {
    ElementwiseCheck.argmaxWithNan(ops, ref, dtype);
  }

  /** @return the unit roundoff of the dtype: 2^-24 for float32, 2^-53 for float64 */
  protected static double unitRoundoff(DType dtype) {
    return KitChecks.unitRoundoff(dtype);
  }
}

package dev.rnn4j.ops.simd;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.ArgmaxProducts;
import dev.rnn4j.api.ops.BatchedPackedProducts;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.ParallelRanges;
import dev.rnn4j.ops.scalar.ArrayTensorOps;
import dev.rnn4j.ops.scalar.PanelMatrix;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * The {@code simd} backend: {@link ArrayTensorOps} over {@link FloatSimdKernels} and {@link
 * DoubleSimdKernels}. This class touches {@code jdk.incubator.vector}; it is loaded by name by
 * {@link SimdTensorOpsProvider} only after the provider has checked that the module is present.
 *
 * <p>Offers {@link ArgmaxProducts} besides the capabilities of {@link ArrayTensorOps}: on float32
 * matrices of 1 MB or more the argmax reads a bfloat16 copy ({@link FloatArgmaxScreen}); on
 * smaller ones, which stay in cache, and on float64 it takes the plain path. And {@link
 * ParallelRanges}, on the threads of its GEMMs.
 *
 * <p>Thread-safe. Large GEMMs use up to {@code threads} threads (the caller and {@code threads -
 * 1} daemon workers shared by the float and double kernels of this instance).
 */
public final class SimdTensorOps extends ArrayTensorOps implements ArgmaxProducts,
    BatchedPackedProducts, ParallelRanges {
  /**
   * Elements of X ({@code rows x in}) from which {@link #linearBackwardStep} runs its two products
   * whole, {@code dX = dY W + beta dX} then {@code W += step dY^T X}, instead of block by block of
   * W. Block by block pays while a block's working set stays in L2; at batch 32 it does not (c's
   * dY, X and dX are 1.1 MB each, and every block of W walks all three), and the whole products
   * took 86-95 against 102-111 ms (KernelTimes {@code step:1120,10000,256}, JDK 17 and 25). At b's
   * batch 32 (640 x 100) the Elman and LSTM models trained 1-15% faster whole on Temurin 25 (two
   * threads 5-11%), -2 to +3% on JDK 17; c at batch 4 (140 x 256) took 11.7-12.7 against 12.4-12.9
   * ms ({@code rnn-bench/results/2026-12-07-batch32-output-step.csv}). b's and c's sequences at
   * batch 1 (20 x 100, 35 x 256) stay below it: there the blocks were faster. (a2's, 100 x 512, is
   * above it; its 65-row W is one block, so on one thread both ways run the same two products.)
   */
  static final long UNFUSED_STEP_MIN_ELEMENTS = 1 << 15;

  /** @param threads the threads a call may use, the caller included (1 = no extra threads) */
  public SimdTensorOps(int threads) {
    this(threads, SimdTensorOpsProvider.SCREEN_BACKGROUND);
  }

  /**
   * @param threads the threads a call may use, the caller included (1 = no extra threads)
   * @param argmaxScreen {@code background}, {@code at-once} or {@code off}: see {@link
   *     SimdTensorOpsProvider}
   */
  public SimdTensorOps(int threads, String argmaxScreen) {
    this(new WorkerPool(threads), argmaxScreen);
  }

  private final String screenPolicy;

  /** @return {@code simd, the vector shape, N threads} */
  @Override
  public String toString() {
    int threads = pool.threads();
    return name() + ", " + vectorDescription() + ", " + threads + (threads == 1 ? " thread" : " threads");
  }

  private final FloatSimdKernels f32;
  private final DoubleSimdKernels f64;

  private final WorkerPool pool;

  private SimdTensorOps(WorkerPool pool, String argmaxScreen) {
    this(new FloatSimdKernels(pool), new DoubleSimdKernels(pool), pool, argmaxScreen);
  }

  private SimdTensorOps(FloatSimdKernels f32, DoubleSimdKernels f64, WorkerPool pool,
      String argmaxScreen) {
    super(SimdTensorOpsProvider.NAME, f32, f64);
    this.f32 = f32;
    this.f64 = f64;
    this.pool = pool;
    this.screenPolicy = argmaxScreen;
  }

  /**
   * One range per thread, of nearly equal sizes: multiples of 16 elements but the last, or, where
   * that would leave a range empty (a batch of 16 sequences on two threads), as equal as they come.
   */
  @Override
  public void forRanges(int n, int grain, Range task) {
    int parts = Math.min(pool.threads(), n / Math.max(1, grain));
    if (parts <= 1) {
      task.run(0, n);
      return;
    }
    int aligned = (n / parts + 15) & ~15;
    int step = (long) aligned * (parts - 1) < n ? aligned : (n + parts - 1) / parts;
    pool.run(parts, part -> task.run(Math.min(n, part * step),
        part == parts - 1 ? n : Math.min(n, (part + 1) * step)));
  }

  /**
   * Packs as the default does, panel range by panel range on the threads that will multiply them
   * (see {@code onPanelParts}): the transposing copy of a recurrent weight is split over the
   * threads too, and each core then finds its panels in its own cache.
   */
  @Override
  public PackedMatrix pack(boolean transA, Tensor a, int aOff, int lda, int rows, int cols,
      PackedMatrix into) {
    boolean single = a.dtype() == DType.F32;
    int panelRows = single ? f32.gemvPanelRows() : f64.gemvPanelRows();
    PanelMatrix p = PanelMatrix.allocate(transA, a, lda, rows, cols, panelRows, own(into));
    // the transposing copy by vector gathers; A^T's panels are row copies, which fill does
    PanelRange fill = transA || panelRows == 0
        ? (from, to) -> p.fill(transA, a, aOff, lda, from, to)
        : single
        ? (from, to) -> f32.fillPanels(rows, cols, panelRows, a.f32(), a.start() + aOff, lda,
            p.data().f32(), p.start(), from, to)
        : (from, to) -> f64.fillPanels(rows, cols, panelRows, a.f64(), a.start() + aOff, lda,
            p.data().f64(), p.start(), from, to);
    if (single) {
      f32.onPanelParts(rows, cols, panelRows, fill);
    } else {
      f64.onPanelParts(rows, cols, panelRows, fill);
    }
    return p;
  }

  @Override
  public PackedMatrix packForArgmax(Tensor a, int aOff, int lda, int rows, int cols) {
    return new ScreenedPanels((PanelMatrix) pack(false, a, aOff, lda, rows, cols, null));
  }

  /** As the default, on the exact copy of a matrix packed by {@link #packForArgmax} too. */
  @Override
  public void gemv(PackedMatrix packed, double alpha, Tensor x, int xOff, double beta, Tensor y,
      int yOff) {
    super.gemv(packed instanceof ScreenedPanels s ? s.exact() : packed, alpha, x, xOff, beta, y,
        yOff);
  }

  /**
   * Four vectors per pass over each panel; on the exact copy of a matrix packed by {@link
   * #packForArgmax} too.
   *
   * @throws IllegalArgumentException for a matrix packed by another backend
   */
  @Override
  public void gemvBatch(PackedMatrix packed, int count, double alpha, Tensor x, int xOff, int ldx,
      double beta, Tensor y, int yOff, int ldy) {
    PackedMatrix exact = packed instanceof ScreenedPanels s ? s.exact() : packed;
    boolean single = y.dtype() == DType.F32;
    if (!(exact instanceof PanelMatrix a)
        || a.panelRows() != (single ? f32.gemvPanelRows() : f64.gemvPanelRows())) {
      throw new IllegalArgumentException("a matrix packed by another backend: " + packed);
    }
    if (single) {
      f32.gemvPackedBatch(a.rows(), a.cols(), a.panelRows(), count, (float) alpha,
          a.data().f32(), a.start(), x.f32(), x.start() + xOff, ldx, (float) beta, y.f32(),
          y.start() + yOff, ldy);
    } else {
      f64.gemvPackedBatch(a.rows(), a.cols(), a.panelRows(), count, alpha, a.data().f64(),
          a.start(), x.f64(), x.start() + xOff, ldx, beta, y.f64(), y.start() + yOff, ldy);
    }
  }

  /** @throws IllegalArgumentException for a matrix not packed by {@link #packForArgmax} here */
  @Override
  public int argmax(PackedMatrix a, Tensor x, int xOff, Tensor b, int bOff, int[] excluded,
      Tensor y, int yOff) {
    if (!(a instanceof ScreenedPanels s)) {
      throw new IllegalArgumentException("a matrix not packed by packForArgmax of this backend: "
          + a);
    }
    boolean screenable = y.dtype() == DType.F32 && FloatArgmaxScreen.pays(s.rows(), s.cols());
    FloatArgmaxScreen screen = screenable ? s.screen(f32, screenPolicy) : null;
    if (screen != null) {
      int found = screened(screen, x, xOff, b, bOff, excluded, y, yOff);
      if (found >= 0) {
        return found;
      }
    }
    FloatArgmaxScreen trial = screenable && screen == null ? s.onTrial() : null;
    if (trial == null) {
      return plainArgmax(s, x, xOff, b, bOff, excluded, y, yOff);
    }
    long start = System.nanoTime();
    int found = screened(trial, x, xOff, b, bOff, excluded, y, yOff);
    long middle = System.nanoTime();
    int plain = plainArgmax(s, x, xOff, b, bOff, excluded, y, yOff);
    if (found >= 0) { // -1: the screen declined these inputs, its time says nothing
      s.timed(middle - start, System.nanoTime() - middle);
    }
    return plain;
  }

  /** @return {@link FloatArgmaxScreen#argmax} on the tensors' float32 arrays */
  private static int screened(FloatArgmaxScreen screen, Tensor x, int xOff, Tensor b, int bOff,
      int[] excluded, Tensor y, int yOff) {
    return screen.argmax(x.f32(), x.start() + xOff, b.f32(), b.start() + bOff, excluded, y.f32(),
        y.start() + yOff);
  }

  /** The packed product, the bias, the exclusions and the argmax over all rows. */
  private int plainArgmax(ScreenedPanels s, Tensor x, int xOff, Tensor b, int bOff,
      int[] excluded, Tensor y, int yOff) {
    int rows = s.rows();
    gemv(s.exact(), 1, x, xOff, 0, y, yOff);
    addRowVector(1, rows, b, bOff, y, yOff);
    for (int e : excluded) {
      if (e >= 0 && e < rows) {
        y.set(yOff + e, Double.NEGATIVE_INFINITY);
      }
    }
    return argmax(rows, y, yOff);
  }

  /**
   * From {@link #UNFUSED_STEP_MIN_ELEMENTS} elements of X on, the two products one after the
   * other; below it, with threads, the rows of W split as the forward product splits them (see
   * the kernels); otherwise the default, block by block of W.
   */
  @Override
  public void linearBackwardStep(int rows, int out, int in, Tensor dY, int dyOff, Tensor x,
      int xOff, double step, Tensor w, int wOff, double beta, Tensor dX, int dxOff) {
    if ((long) rows * in >= UNFUSED_STEP_MIN_ELEMENTS) {
      gemm(false, false, rows, in, out, 1, dY, dyOff, out, w, wOff, in, beta, dX, dxOff, in);
      gemm(true, false, out, in, rows, step, dY, dyOff, out, x, xOff, in, 1, w, wOff, in);
      return;
    }
    if (w.dtype() == DType.F32 && f32.splitsRowsOfW(rows, out, in)) {
      f32.linearBackwardStep(rows, out, in, dY.f32(), dY.start() + dyOff, x.f32(),
          x.start() + xOff, (float) step, w.f32(), w.start() + wOff, (float) beta, dX.f32(),
          dX.start() + dxOff);
    } else if (w.dtype() == DType.F64 && f64.splitsRowsOfW(rows, out, in)) {
      f64.linearBackwardStep(rows, out, in, dY.f64(), dY.start() + dyOff, x.f64(),
          x.start() + xOff, step, w.f64(), w.start() + wOff, beta, dX.f64(), dX.start() + dxOff);
    } else {
      super.linearBackwardStep(rows, out, in, dY, dyOff, x, xOff, step, w, wOff, beta, dX, dxOff);
    }
  }

  /** @return the vector shape in use, for the provider's one INFO line */
  public static String vectorDescription() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors ("
        + FloatVector.SPECIES_PREFERRED.length() + " floats, "
        + DoubleVector.SPECIES_PREFERRED.length() + " doubles per vector)";
  }
}

package dev.rnn4j.ops.scalar;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.Activation;
import dev.rnn4j.api.ops.FusedLinearStep;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.PackedProducts;
import dev.rnn4j.api.ops.TensorOps;

/**
 * A {@link TensorOps} that dispatches each call on the dtype of its output tensor to a {@link
 * FloatKernels} or {@link DoubleKernels} working on the backing arrays. Backends extend it and
 * supply kernels that override what they accelerate; the rest keeps the plain-Java reference.
 * Offers both capabilities: {@link PackedProducts} (on {@link PanelMatrix}, in the kernels' panel
 * height) and {@link FusedLinearStep} (by blocks of W, see {@link #linearBackwardStep}).
 *
 * <p>Thread-safe if the kernels are.
 */
public class ArrayTensorOps implements TensorOps, PackedProducts, FusedLinearStep {
  /**
   * Elements of W per block of {@link #linearBackwardStep}: 64k, 256 kB in float32, which fit a
   * core's L2 cache.
   */
  public static final int LINEAR_STEP_BLOCK_ELEMENTS = 1 << 16;

  private final String name;
  private final FloatKernels f32;
  private final DoubleKernels f64;

  /**
   * @param name the provider name of the backend
   * @param f32 the float32 kernels
   * @param f64 the float64 kernels
   */
  public ArrayTensorOps(String name, FloatKernels f32, DoubleKernels f64) {
    this.name = name;
    this.f32 = f32;
    this.f64 = f64;
  }

  @Override
  public String name() {
    return name;
  }

  /** @return the name; backends add what was chosen for this machine (vector width, threads) */
  @Override
  public String toString() {
    return name;
  }

  private static boolean isF32(Tensor t) {
    return t.dtype() == DType.F32;
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Tensor a,
      int aOff, int lda, Tensor b, int bOff, int ldb, double beta, Tensor c, int cOff, int ldc) {
    if (isF32(c)) {
      f32.gemm(transA, transB, m, n, k, (float) alpha, a.f32(), a.start() + aOff, lda, b.f32(),
          b.start() + bOff, ldb, (float) beta, c.f32(), c.start() + cOff, ldc);
    } else {
      f64.gemm(transA, transB, m, n, k, alpha, a.f64(), a.start() + aOff, lda, b.f64(),
          b.start() + bOff, ldb, beta, c.f64(), c.start() + cOff, ldc);
    }
  }

  @Override
  public void gemv(boolean transA, int rows, int cols, double alpha, Tensor a, int aOff, int lda,
      Tensor x, int xOff, double beta, Tensor y, int yOff) {
    if (isF32(y)) {
      f32.gemv(transA, rows, cols, (float) alpha, a.f32(), a.start() + aOff, lda, x.f32(),
          x.start() + xOff, (float) beta, y.f32(), y.start() + yOff);
    } else {
      f64.gemv(transA, rows, cols, alpha, a.f64(), a.start() + aOff, lda, x.f64(),
          x.start() + xOff, beta, y.f64(), y.start() + yOff);
    }
  }

  @Override
  public PackedMatrix pack(boolean transA, Tensor a, int aOff, int lda, int rows, int cols,
      PackedMatrix into) {
    return PanelMatrix.pack(transA, a, aOff, lda, rows, cols,
        isF32(a) ? f32.gemvPanelRows() : f64.gemvPanelRows(), own(into));
  }

  /** @return {@code into} when this backend family packed it, else null (to be replaced) */
  protected static PanelMatrix own(PackedMatrix into) {
    return into instanceof PanelMatrix p ? p : null;
  }

  /** @throws IllegalArgumentException for a matrix packed by another backend */
  @Override
  public void gemv(PackedMatrix packed, double alpha, Tensor x, int xOff, double beta, Tensor y,
      int yOff) {
    if (!(packed instanceof PanelMatrix a)
        || a.panelRows() != (isF32(y) ? f32.gemvPanelRows() : f64.gemvPanelRows())) {
      throw new IllegalArgumentException("a matrix packed by another backend: " + packed);
    }
    if (isF32(y)) {
      f32.gemvPacked(a.rows(), a.cols(), a.panelRows(), (float) alpha, a.data().f32(), a.start(),
          x.f32(), x.start() + xOff, (float) beta, y.f32(), y.start() + yOff);
    } else {
      f64.gemvPacked(a.rows(), a.cols(), a.panelRows(), alpha, a.data().f64(), a.start(), x.f64(),
          x.start() + xOff, beta, y.f64(), y.start() + yOff);
    }
  }

  /**
   * Walks W by blocks of rows, each block multiplied into dX then stepped while it is still in
   * cache, so that W is read once and written once; the last block first, since the forward
   * product has just left the last rows of W in cache (and the next forward product then finds the
   * first ones there).
   */
  @Override
  public void linearBackwardStep(int rows, int out, int in, Tensor dY, int dyOff, Tensor x,
      int xOff, double step, Tensor w, int wOff, double beta, Tensor dX, int dxOff) {
    int block = Math.max(1, LINEAR_STEP_BLOCK_ELEMENTS / Math.max(1, in));
    if (out == 0) {
      gemm(false, false, rows, in, 0, 1, dY, dyOff, Math.max(1, out), w, wOff, in, beta, dX, dxOff,
          in);
      return;
    }
    int last = (out - 1) / block;
    for (int bi = last; bi >= 0; bi--) {
      int r0 = bi * block;
      int len = Math.min(block, out - r0);
      gemm(false, false, rows, in, len, 1, dY, dyOff + r0, out, w, wOff + r0 * in, in,
          bi == last ? beta : 1, dX, dxOff, in);
      gemm(true, false, len, in, rows, step, dY, dyOff + r0, out, x, xOff, in, 1, w,
          wOff + r0 * in, in);
    }
  }

  @Override
  public void gatherRows(Tensor table, int width, int[] ids, int idsOff, int count, Tensor out,
      int outOff) {
    if (isF32(out)) {
      f32.gatherRows(table.f32(), table.start(), width, ids, idsOff, count, out.f32(),
          out.start() + outOff);
    } else {
      f64.gatherRows(table.f64(), table.start(), width, ids, idsOff, count, out.f64(),
          out.start() + outOff);
    }
  }

  @Override
  public void scatterAddRows(Tensor src, int srcOff, int width, int[] ids, int idsOff, int count,
      Tensor table) {
    if (isF32(table)) {
      f32.scatterAddRows(src.f32(), src.start() + srcOff, width, ids, idsOff, count, table.f32(),
          table.start());
    } else {
      f64.scatterAddRows(src.f64(), src.start() + srcOff, width, ids, idsOff, count, table.f64(),
          table.start());
    }
  }

  @Override
  public void addRowVector(int rows, int cols, Tensor v, int vOff, Tensor m, int mOff) {
    if (isF32(m)) {
      f32.addRowVector(rows, cols, v.f32(), v.start() + vOff, m.f32(), m.start() + mOff);
    } else {
      f64.addRowVector(rows, cols, v.f64(), v.start() + vOff, m.f64(), m.start() + mOff);
    }
  }

  @Override
  public void addColumnSums(int rows, int cols, Tensor m, int mOff, Tensor out, int outOff) {
    if (isF32(out)) {
      f32.addColumnSums(rows, cols, m.f32(), m.start() + mOff, out.f32(), out.start() + outOff);
    } else {
      f64.addColumnSums(rows, cols, m.f64(), m.start() + mOff, out.f64(), out.start() + outOff);
    }
  }

  @Override
  public double softmaxCrossEntropy(int rows, int cols, Tensor logits, int off, int[] targets,
      int tOff, double[] rowLoss, boolean gradient) {
    return isF32(logits)
        ? f32.softmaxCrossEntropy(rows, cols, logits.f32(), logits.start() + off, targets, tOff,
            rowLoss, gradient)
        : f64.softmaxCrossEntropy(rows, cols, logits.f64(), logits.start() + off, targets, tOff,
            rowLoss, gradient);
  }

  @Override
  public void activate(Activation f, int n, Tensor x, int xOff, Tensor y, int yOff) {
    if (isF32(y)) {
      f32.activate(f, n, x.f32(), x.start() + xOff, y.f32(), y.start() + yOff);
    } else {
      f64.activate(f, n, x.f64(), x.start() + xOff, y.f64(), y.start() + yOff);
    }
  }

  @Override
  public void activateBackward(Activation f, int n, Tensor y, int yOff, Tensor dy, int dyOff,
      Tensor dx, int dxOff, boolean accumulate) {
    if (isF32(dx)) {
      f32.activateBackward(f, n, y.f32(), y.start() + yOff, dy.f32(), dy.start() + dyOff, dx.f32(),
          dx.start() + dxOff, accumulate);
    } else {
      f64.activateBackward(f, n, y.f64(), y.start() + yOff, dy.f64(), dy.start() + dyOff, dx.f64(),
          dx.start() + dxOff, accumulate);
    }
  }

  @Override
  public void multiply(int n, Tensor a, int aOff, Tensor b, int bOff, Tensor out, int outOff,
      boolean accumulate) {
    if (isF32(out)) {
      f32.multiply(n, a.f32(), a.start() + aOff, b.f32(), b.start() + bOff, out.f32(),
          out.start() + outOff, accumulate);
    } else {
      f64.multiply(n, a.f64(), a.start() + aOff, b.f64(), b.start() + bOff, out.f64(),
          out.start() + outOff, accumulate);
    }
  }

  @Override
  public void axpy(int n, double alpha, Tensor x, int xOff, Tensor y, int yOff) {
    if (isF32(y)) {
      f32.axpy(n, (float) alpha, x.f32(), x.start() + xOff, y.f32(), y.start() + yOff);
    } else {
      f64.axpy(n, alpha, x.f64(), x.start() + xOff, y.f64(), y.start() + yOff);
    }
  }

  @Override
  public void scale(int n, double alpha, Tensor x, int xOff) {
    if (isF32(x)) {
      f32.scale(n, (float) alpha, x.f32(), x.start() + xOff);
    } else {
      f64.scale(n, alpha, x.f64(), x.start() + xOff);
    }
  }

  @Override
  public double dot(int n, Tensor x, int xOff, Tensor y, int yOff) {
    return isF32(x) ? f32.dot(n, x.f32(), x.start() + xOff, y.f32(), y.start() + yOff) : f64.dot(n,
        x.f64(), x.start() + xOff, y.f64(), y.start() + yOff);
  }

  @Override
  public double sumOfSquares(int n, Tensor x, int xOff) {
    return isF32(x) ? f32.sumOfSquares(n, x.f32(), x.start() + xOff) : f64.sumOfSquares(n, x.f64(),
        x.start() + xOff);
  }

  @Override
  public void clip(int n, double lo, double hi, Tensor x, int xOff) {
    if (isF32(x)) {
      f32.clip(n, lo, hi, x.f32(), x.start() + xOff);
    } else {
      f64.clip(n, lo, hi, x.f64(), x.start() + xOff);
    }
  }

  @Override
  public void flushBelow(int n, double tiny, Tensor x, int xOff) {
    if (isF32(x)) {
      f32.flushBelow(n, tiny, x.f32(), x.start() + xOff);
    } else {
      f64.flushBelow(n, tiny, x.f64(), x.start() + xOff);
    }
  }

  @Override
  public int argmax(int n, Tensor x, int xOff) {
    return isF32(x) ? f32.argmax(n, x.f32(), x.start() + xOff) : f64.argmax(n, x.f64(),
        x.start() + xOff);
  }
}

// TEMPLATE: the float version (FloatSimdKernels) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import dev.rnn4j.api.ops.Activation;
import dev.rnn4j.ops.scalar.DoubleKernels;

/**
 * {@link DoubleKernels} on {@code jdk.incubator.vector}, with the platform's preferred vector width:
 * a facade over the rooms of the backend, each its own class in this package.
 *
 * <ul>
 *   <li>{@link DoubleGemm}: the GEMM driver (shape cases, split over the {@link WorkerPool}, the
 *       fused backward step of a linear layer); {@link DoubleGemmBlocked}: the cache-blocked loops
 *       and the choice of micro-kernel per tile; {@link DoubleGemmFewRows}: {@code op(B) = B^T}
 *       with few rows, as {@code C^T = B op(A)^T}; {@link DoubleGemmShapes}: the tile and block
 *       shapes.
 *   <li>{@link DoublePacking}: the packed copies of the operands.
 *   <li>{@link DoubleMicroKernels}: the register-blocked micro-kernels of the blocked GEMM, one
 *       per register shape, told by steps where A and B are (packed or in place, rows or
 *       columns); {@link DoubleNtKernels}: those of the few-row path.
 *   <li>{@link DoubleGemv}: matrix-vector products, plain and on packed panels.
 *   <li>{@link DoubleElementwise}: element-wise operations, reductions, rows, activations.
 *   <li>{@link DoubleSoftmax} and {@link DoubleExp}: the softmax with cross-entropy, and the
 *       vector exp under it, tanh and sigmoid.
 * </ul>
 *
 * <p>Every kernel is a vector body plus a scalar tail; arguments are trusted (see {@link
 * dev.rnn4j.api.ops.TensorOps}). Thread-safe: packing buffers are per thread ({@link
 * DoubleBuffers}).
 */
final class DoubleSimdKernels implements DoubleKernels {
  private final DoubleGemv gemv;
  private final DoubleGemvBatch gemvBatch;
  private final DoubleGemm gemm;
  private final DoubleElementwise elementwise;
  private final DoubleSoftmax softmax;

  /** @param pool the threads large products may use (its size 1 means the caller only) */
  DoubleSimdKernels(WorkerPool pool) {
    this.gemv = new DoubleGemv(pool);
    this.gemvBatch = new DoubleGemvBatch(gemv);
    this.gemm = new DoubleGemm(pool, gemv);
    this.elementwise = new DoubleElementwise(pool);
    this.softmax = new DoubleSoftmax(pool);
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    gemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  /** See {@link DoubleGemm#splitsRowsOfW}. */
  boolean splitsRowsOfW(int rows, int out, int in) {
    return gemm.splitsRowsOfW(rows, out, in);
  }

  /** See {@link DoubleGemm#linearBackwardStep}. */
  void linearBackwardStep(int rows, int out, int in, double[] dy, int dyOff, double[] x, int xOff,
      double step, double[] w, int wOff, double beta, double[] dx, int dxOff) {
    gemm.linearBackwardStep(rows, out, in, dy, dyOff, x, xOff, step, w, wOff, beta, dx, dxOff);
  }

  @Override
  public void gemv(boolean transA, int rows, int cols, double alpha, double[] a, int aOff,
      int lda, double[] x, int xOff, double beta, double[] y, int yOff) {
    gemv.gemv(transA, rows, cols, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
  }

  @Override
  public int gemvPanelRows() {
    return DoubleGemv.panelRows();
  }

  @Override
  public void gemvPacked(int rows, int cols, int panelRows, double alpha, double[] a, int aOff,
      double[] x, int xOff, double beta, double[] y, int yOff) {
    gemv.gemvPacked(rows, cols, panelRows, alpha, a, aOff, x, xOff, beta, y, yOff);
  }

  /** See {@link DoubleGemvBatch#gemvPackedBatch}. */
  void gemvPackedBatch(int rows, int cols, int panelRows, int count, double alpha, double[] a,
      int aOff, double[] x, int xOff, int ldx, double beta, double[] y, int yOff, int ldy) {
    gemvBatch.gemvPackedBatch(rows, cols, panelRows, count, alpha, a, aOff, x, xOff, ldx, beta, y,
        yOff, ldy);
  }

  /**
   * Panels {@code [panelFrom, panelTo)} of a {@code rows x cols} matrix A (row-major, not
   * transposed) in the layout of {@code PanelMatrix} ({@code panelRows} rows per panel, each
   * stored column by column, rows past {@code rows} zero) from {@code to[toStart]}: the
   * transposing copy of {@code PanelMatrix.fill} ({@link DoublePacking#panelFromRows}). The
   * same elements.
   */
  void fillPanels(int rows, int cols, int panelRows, double[] a, int aOff, int lda, double[] to,
      int toStart, int panelFrom, int panelTo) {
    int[] map = DoublePacking.rowsMap(lda);
    for (int q = panelFrom; q < panelTo; q++) {
      int i0 = q * panelRows;
      DoublePacking.panelFromRows(a, aOff + i0 * lda, lda, Math.min(panelRows, rows - i0),
          panelRows, cols, to, toStart + i0 * cols, map);
    }
  }

  /** See {@link DoubleGemv#onPanelParts}. */
  void onPanelParts(int rows, int cols, int panelRows, PanelRange body) {
    gemv.onPanelParts(rows, cols, panelRows, body);
  }

  @Override
  public void scatterAddRows(double[] src, int srcOff, int width, int[] ids, int idsOff,
      int count, double[] table, int tableOff) {
    DoubleElementwise.scatterAddRows(src, srcOff, width, ids, idsOff, count, table, tableOff);
  }

  @Override
  public void addRowVector(int rows, int cols, double[] v, int vOff, double[] m, int mOff) {
    elementwise.addRowVector(rows, cols, v, vOff, m, mOff);
  }

  @Override
  public void addColumnSums(int rows, int cols, double[] m, int mOff, double[] out, int outOff) {
    elementwise.addColumnSums(rows, cols, m, mOff, out, outOff);
  }

  @Override
  public /*wide*/ double softmaxCrossEntropy(int rows, int cols, double[] x, int off,
      int[] targets, int tOff, /*wide*/ double[] rowLoss, boolean gradient) {
    return softmax.softmaxCrossEntropy(rows, cols, x, off, targets, tOff, rowLoss, gradient);
  }

  @Override
  public void activate(Activation f, int n, double[] x, int xOff, double[] y, int yOff) {
    elementwise.activateSplit(f, n, x, xOff, y, yOff);
  }

  @Override
  public void activateBackward(Activation f, int n, double[] y, int yOff, double[] dy, int dyOff,
      double[] dx, int dxOff, boolean accumulate) {
    DoubleElementwise.activateBackward(f, n, y, yOff, dy, dyOff, dx, dxOff, accumulate);
  }

  @Override
  public void multiply(int n, double[] a, int aOff, double[] b, int bOff, double[] out,
      int outOff, boolean accumulate) {
    DoubleElementwise.multiply(n, a, aOff, b, bOff, out, outOff, accumulate);
  }

  @Override
  public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
    elementwise.axpy(n, alpha, x, xOff, y, yOff);
  }

  @Override
  public void scale(int n, double alpha, double[] x, int xOff) {
    DoubleElementwise.scale(n, alpha, x, xOff, x, xOff);
  }

  @Override
  public /*wide*/ double dot(int n, double[] x, int xOff, double[] y, int yOff) {
    return DoubleElementwise.dot(n, x, xOff, y, yOff);
  }

  @Override
  public /*wide*/ double sumOfSquares(int n, double[] x, int xOff) {
    return DoubleElementwise.dot(n, x, xOff, x, xOff);
  }

  @Override
  public void clip(int n, /*wide*/ double lo, /*wide*/ double hi, double[] x, int xOff) {
    DoubleElementwise.clip(n, lo, hi, x, xOff);
  }

  @Override
  public void flushBelow(int n, /*wide*/ double tiny, double[] x, int xOff) {
    elementwise.flushBelow(n, tiny, x, xOff);
  }

  @Override
  public int argmax(int n, double[] x, int xOff) {
    return DoubleElementwise.argmax(n, x, xOff);
  }
}

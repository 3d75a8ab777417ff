package dev.rnn4j.core;

import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.Activation;
import dev.rnn4j.api.ops.TensorOps;

/**
 * A backend that offers only the core of {@link TensorOps}, no capability: what a third party's
 * minimal backend looks like. Delegates to another backend.
 */
final class CoreOnlyOps implements TensorOps {
  private final TensorOps d;

  CoreOnlyOps(TensorOps delegate) {
    this.d = delegate;
  }

  @Override
  public String name() {
    return "core-only";
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Tensor a,
      int aOff, int lda, Tensor b, int bOff, int ldb, double beta, Tensor c, int cOff, int ldc) {
    d.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public void gemv(boolean transA, int rows, int cols, double alpha, Tensor a, int aOff, int lda,
      Tensor x, int xOff, double beta, Tensor y, int yOff) {
    d.gemv(transA, rows, cols, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
  }

  @Override
  public void gatherRows(Tensor table, int width, int[] ids, int idsOff, int count, Tensor out,
      int outOff) {
    d.gatherRows(table, width, ids, idsOff, count, out, outOff);
  }

  @Override
  public void scatterAddRows(Tensor src, int srcOff, int width, int[] ids, int idsOff, int count,
      Tensor table) {
    d.scatterAddRows(src, srcOff, width, ids, idsOff, count, table);
  }

  @Override
  public void addRowVector(int rows, int cols, Tensor v, int vOff, Tensor m, int mOff) {
    d.addRowVector(rows, cols, v, vOff, m, mOff);
  }

  @Override
  public void addColumnSums(int rows, int cols, Tensor m, int mOff, Tensor out, int outOff) {
    d.addColumnSums(rows, cols, m, mOff, out, outOff);
  }

  @Override
  public double softmaxCrossEntropy(int rows, int cols, Tensor logits, int off, int[] targets,
      int tOff, double[] rowLoss, boolean gradient) {
    return d.softmaxCrossEntropy(rows, cols, logits, off, targets, tOff, rowLoss, gradient);
  }

  @Override
  public void activate(Activation f, int n, Tensor x, int xOff, Tensor y, int yOff) {
    d.activate(f, n, x, xOff, y, yOff);
  }

  @Override
  public void activateBackward(Activation f, int n, Tensor y, int yOff, Tensor dy, int dyOff,
      Tensor dx, int dxOff, boolean accumulate) {
    d.activateBackward(f, n, y, yOff, dy, dyOff, dx, dxOff, accumulate);
  }

  @Override
  public void multiply(int n, Tensor a, int aOff, Tensor b, int bOff, Tensor out, int outOff,
      boolean accumulate) {
    d.multiply(n, a, aOff, b, bOff, out, outOff, accumulate);
  }

  @Override
  public void axpy(int n, double alpha, Tensor x, int xOff, Tensor y, int yOff) {
    d.axpy(n, alpha, x, xOff, y, yOff);
  }

  @Override
  public void scale(int n, double alpha, Tensor x, int xOff) {
    d.scale(n, alpha, x, xOff);
  }

  @Override
  public double dot(int n, Tensor x, int xOff, Tensor y, int yOff) {
    return d.dot(n, x, xOff, y, yOff);
  }

  @Override
  public double sumOfSquares(int n, Tensor x, int xOff) {
    return d.sumOfSquares(n, x, xOff);
  }

  @Override
  public void clip(int n, double lo, double hi, Tensor x, int xOff) {
    d.clip(n, lo, hi, x, xOff);
  }

  @Override
  public int argmax(int n, Tensor x, int xOff) {
    return d.argmax(n, x, xOff);
  }
}

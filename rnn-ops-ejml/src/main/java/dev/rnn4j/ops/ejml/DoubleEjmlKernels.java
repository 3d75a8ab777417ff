// TEMPLATE: the float version (FloatEjmlKernels) is generated from this file in the build.
package dev.rnn4j.ops.ejml;

import dev.rnn4j.ops.scalar.DoubleKernels;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.mult.MatrixVectorMult_DDRM;

/**
 * {@link DoubleKernels} whose GEMM and GEMV run on EJML ({@code CommonOps_DDRM}, {@code
 * MatrixVectorMult_DDRM}); the other kernels are the plain-Java defaults.
 *
 * <h2>Offsets and leading dimensions</h2>
 *
 * EJML matrices have neither an offset nor a leading dimension: row {@code i} always starts at
 * {@code i * numCols} of {@code data}. A {@code rows x cols} operand stored at offset 0 with
 * {@code ld == cols} (a whole matrix: the weights, the per-sequence output layer's inputs and
 * outputs) is therefore wrapped as it is, without a copy, in a per-thread {@code DMatrixRMaj}
 * whose {@code data} is pointed at the caller's array for the duration of the call. Any other
 * operand (a block of rows inside a workspace, a strided sub-matrix, a vector at an offset) is
 * copied into a per-thread scratch matrix that is reused across calls: {@code rows x cols}
 * element moves for an {@code O(m n k)} product, a fraction {@code 1/k} (or {@code 1/m}, {@code
 * 1/n}) of the work; the output is copied back likewise. No copy is made of C when {@code beta ==
 * 0} and it must be copied back.
 *
 * <p>With {@code threads > 1}, products of at least 2^21 multiply-adds use {@code
 * CommonOps_MT_DDRM}, which runs on EJML's own (global) thread pool.
 *
 * <p>Thread-safe: the views and scratch matrices are per thread.
 */
final class DoubleEjmlKernels implements DoubleKernels {
  private static final long PARALLEL_MIN_WORK = 1L << 21;
  private static final double[] EMPTY = new double[0];
  private static final ThreadLocal<Views> VIEWS = ThreadLocal.withInitial(Views::new);

  private final boolean parallel;

  /** @param threads the threads a product may use (1 = the calling thread only) */
  DoubleEjmlKernels(int threads) {
    this.parallel = threads > 1;
  }

  /** Per-thread wrappers around callers' arrays, and scratch copies for strided operands. */
  private static final class Views {
    final DMatrixRMaj a = new DMatrixRMaj(EMPTY);
    final DMatrixRMaj b = new DMatrixRMaj(EMPTY);
    final DMatrixRMaj c = new DMatrixRMaj(EMPTY);
    final DMatrixRMaj aCopy = new DMatrixRMaj(1, 1);
    final DMatrixRMaj bCopy = new DMatrixRMaj(1, 1);
    final DMatrixRMaj cCopy = new DMatrixRMaj(1, 1);

    /** Drops the references to the caller's arrays. */
    void release() {
      a.data = EMPTY;
      b.data = EMPTY;
      c.data = EMPTY;
    }
  }

  /**
   * @return {@code wrapper} pointed at {@code data} when the matrix is whole (offset 0, ld ==
   *     cols), otherwise {@code scratch} holding a copy (or, when {@code copyIn} is false, only
   *     shaped)
   */
  private static DMatrixRMaj view(DMatrixRMaj wrapper, DMatrixRMaj scratch, double[] data,
      int off, int ld, int rows, int cols, boolean copyIn) {
    if (off == 0 && ld == cols) {
      wrapper.data = data;
      wrapper.numRows = rows;
      wrapper.numCols = cols;
      return wrapper;
    }
    scratch.reshape(rows, cols, false);
    if (copyIn) {
      for (int i = 0; i < rows; i++) {
        System.arraycopy(data, off + i * ld, scratch.data, i * cols, cols);
      }
    }
    return scratch;
  }

  private static void copyBack(DMatrixRMaj from, double[] data, int off, int ld) {
    for (int i = 0; i < from.numRows; i++) {
      System.arraycopy(from.data, i * from.numCols, data, off + i * ld, from.numCols);
    }
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      DoubleKernels.super.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c,
          cOff, ldc);
      return;
    }
    Views v = VIEWS.get();
    try {
      DMatrixRMaj ma = view(v.a, v.aCopy, a, aOff, lda, transA ? k : m, transA ? m : k, true);
      DMatrixRMaj mb = view(v.b, v.bCopy, b, bOff, ldb, transB ? n : k, transB ? k : n, true);
      DMatrixRMaj mc = view(v.c, v.cCopy, c, cOff, ldc, m, n, beta != 0);
      boolean mt = parallel && (long) m * n * k >= PARALLEL_MIN_WORK;
      if (beta == 0) {
        multiply(mt, transA, transB, alpha, ma, mb, mc);
      } else {
        if (beta != 1) {
          CommonOps_DDRM.scale(beta, mc);
        }
        multiplyAdd(mt, transA, transB, alpha, ma, mb, mc);
      }
      if (mc == v.cCopy) {
        copyBack(mc, c, cOff, ldc);
      }
    } finally {
      v.release();
    }
  }

  /** c = alpha * op(a) * op(b). */
  private static void multiply(boolean mt, boolean transA, boolean transB, double alpha,
      DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    if (mt) {
      if (transA) {
        if (transB) {
          CommonOps_MT_DDRM.multTransAB(alpha, a, b, c);
        } else {
          CommonOps_MT_DDRM.multTransA(alpha, a, b, c);
        }
      } else if (transB) {
        CommonOps_MT_DDRM.multTransB(alpha, a, b, c);
      } else {
        CommonOps_MT_DDRM.mult(alpha, a, b, c);
      }
    } else if (transA) {
      if (transB) {
        CommonOps_DDRM.multTransAB(alpha, a, b, c);
      } else {
        CommonOps_DDRM.multTransA(alpha, a, b, c);
      }
    } else if (transB) {
      CommonOps_DDRM.multTransB(alpha, a, b, c);
    } else {
      CommonOps_DDRM.mult(alpha, a, b, c);
    }
  }

  /** c += alpha * op(a) * op(b). */
  private static void multiplyAdd(boolean mt, boolean transA, boolean transB, double alpha,
      DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    if (mt) {
      if (transA) {
        if (transB) {
          CommonOps_MT_DDRM.multAddTransAB(alpha, a, b, c);
        } else {
          CommonOps_MT_DDRM.multAddTransA(alpha, a, b, c);
        }
      } else if (transB) {
        CommonOps_MT_DDRM.multAddTransB(alpha, a, b, c);
      } else {
        CommonOps_MT_DDRM.multAdd(alpha, a, b, c);
      }
    } else if (transA) {
      if (transB) {
        CommonOps_DDRM.multAddTransAB(alpha, a, b, c);
      } else {
        CommonOps_DDRM.multAddTransA(alpha, a, b, c);
      }
    } else if (transB) {
      CommonOps_DDRM.multAddTransB(alpha, a, b, c);
    } else {
      CommonOps_DDRM.multAdd(alpha, a, b, c);
    }
  }

  /**
   * EJML's matrix-vector product into a per-thread vector, then {@code y = alpha t + beta y}: x
   * and y at an offset cost one copy of {@code O(rows + cols)} elements, A is wrapped when whole.
   */
  @Override
  public void gemv(boolean transA, int rows, int cols, double alpha, double[] a, int aOff,
      int lda, double[] x, int xOff, double beta, double[] y, int yOff) {
    int inLen = transA ? rows : cols;
    int outLen = transA ? cols : rows;
    if (outLen == 0) {
      return;
    }
    if (inLen == 0) {
      DoubleKernels.super.gemv(transA, rows, cols, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
      return;
    }
    Views v = VIEWS.get();
    try {
      DMatrixRMaj ma = view(v.a, v.aCopy, a, aOff, lda, rows, cols, true);
      DMatrixRMaj mx = view(v.b, v.bCopy, x, xOff, 1, inLen, 1, true);
      DMatrixRMaj t = v.cCopy;
      t.reshape(outLen, 1, false);
      if (transA) {
        MatrixVectorMult_DDRM.multTransA_reorder(ma, mx, t);
      } else {
        MatrixVectorMult_DDRM.mult(ma, mx, t);
      }
      double[] td = t.data;
      for (int i = 0; i < outLen; i++) {
        y[yOff + i] = beta == 0 ? alpha * td[i] : alpha * td[i] + beta * y[yOff + i];
      }
    } finally {
      v.release();
    }
  }
}

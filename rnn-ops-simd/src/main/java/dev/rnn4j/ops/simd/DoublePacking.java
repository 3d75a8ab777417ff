// TEMPLATE: the float version (FloatPacking) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleGemmShapes.L;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MR;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NR;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.S;

import jdk.incubator.vector.DoubleVector;

/**
 * The packed copies of the GEMM operands: op(A) into panels of {@code MR} rows (with alpha),
 * op(B) into panels of {@code NR} columns (with a scale), a narrow last strip of B into one panel
 * of L columns, and op(A)^T into the panels of the few-row path ({@link #packAT}). Panels are
 * k-major and zero-padded.
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoublePacking {
  private DoublePacking() {}

  /** Packs op(A)[i0 .. i0+mi) x [p0 .. p0+kc) transposed: ap[p * w + q], zero-padded to w. */
  static void packAT(boolean transA, double[] a, int aOff, int lda, int i0, int mi, int w,
      int p0, int kc, double[] ap) {
    if (transA) {
      for (int p = 0; p < kc; p++) {
        int src = aOff + (p0 + p) * lda + i0;
        int dst = p * w;
        System.arraycopy(a, src, ap, dst, mi);
        java.util.Arrays.fill(ap, dst + mi, dst + w, (double) 0);
      }
      return;
    }
    for (int q = 0; q < mi; q++) {
      int src = aOff + (i0 + q) * lda + p0;
      for (int p = 0; p < kc; p++) {
        ap[p * w + q] = a[src + p];
      }
    }
    for (int q = mi; q < w; q++) {
      for (int p = 0; p < kc; p++) {
        ap[p * w + q] = 0;
      }
    }
  }

  /**
   * Packs alpha * op(A)[i0 .. i0+mc) x [p0 .. p0+kc) into panels of MR rows, k-major,
   * zero-padded (the kernels on packed A then leave alpha out).
   */
  static void packA(boolean transA, double[] a, int aOff, int lda, int i0, int mc,
      int p0, int kc, double alpha, double[] ap) {
    int idx = 0;
    for (int ip = 0; ip < mc; ip += MR) {
      int rows = Math.min(MR, mc - ip);
      int i = i0 + ip;
      if (transA) {
        for (int p = 0; p < kc; p++) {
          int src = aOff + (p0 + p) * lda + i;
          for (int r = 0; r < rows; r++) {
            ap[idx + r] = alpha * a[src + r];
          }
          for (int r = rows; r < MR; r++) {
            ap[idx + r] = 0;
          }
          idx += MR;
        }
      } else {
        for (int r = 0; r < MR; r++) {
          int dst = idx + r;
          if (r < rows) {
            int src = aOff + (i + r) * lda + p0;
            for (int p = 0; p < kc; p++) {
              ap[dst + p * MR] = alpha * a[src + p];
            }
          } else {
            for (int p = 0; p < kc; p++) {
              ap[dst + p * MR] = 0;
            }
          }
        }
        idx += MR * kc;
      }
    }
  }

  /** Packs op(B)[p0 .. p0+kc) x [j0 .. j0+nc) into panels of NR columns, k-major, zero-padded. */
  static void packB(boolean transB, double[] b, int bOff, int ldb, int p0, int kc,
      int j0, int nc, double[] bp) {
    packB(transB, b, bOff, ldb, p0, kc, j0, nc, 1, bp);
  }

  /** {@link #packB} of {@code scale * op(B)}. */
  static void packB(boolean transB, double[] b, int bOff, int ldb, int p0, int kc,
      int j0, int nc, double scale, double[] bp) {
    int idx = 0;
    for (int jp = 0; jp < nc; jp += NR) {
      int cols = Math.min(NR, nc - jp);
      int j = j0 + jp;
      if (!transB && cols == NR) {
        for (int p = 0; p < kc; p++) {
          int src = bOff + (p0 + p) * ldb + j;
          DoubleVector.fromArray(S, b, src).mul(scale).intoArray(bp, idx);
          DoubleVector.fromArray(S, b, src + L).mul(scale).intoArray(bp, idx + L);
          idx += NR;
        }
      } else if (!transB) {
        for (int p = 0; p < kc; p++) {
          int src = bOff + (p0 + p) * ldb + j;
          for (int q = 0; q < cols; q++) {
            bp[idx + q] = scale * b[src + q];
          }
          for (int q = cols; q < NR; q++) {
            bp[idx + q] = 0;
          }
          idx += NR;
        }
      } else {
        for (int q = 0; q < NR; q++) {
          int dst = idx + q;
          if (q < cols) {
            int src = bOff + (j + q) * ldb + p0;
            for (int p = 0; p < kc; p++) {
              bp[dst + p * NR] = scale * b[src + p];
            }
          } else {
            for (int p = 0; p < kc; p++) {
              bp[dst + p * NR] = 0;
            }
          }
        }
        idx += NR * kc;
      }
    }
  }

  /** Packs B[p0 .. p0+kc) x [j0 .. j0+cols) (cols &lt;= L) into one panel of L columns. */
  static void packNarrow(double[] b, int bOff, int ldb, int p0, int kc, int j0, int cols,
      double[] bp) {
    for (int p = 0; p < kc; p++) {
      int src = bOff + (p0 + p) * ldb + j0;
      int dst = p * L;
      for (int q = 0; q < cols; q++) {
        bp[dst + q] = b[src + q];
      }
      for (int q = cols; q < L; q++) {
        bp[dst + q] = 0;
      }
    }
  }
}

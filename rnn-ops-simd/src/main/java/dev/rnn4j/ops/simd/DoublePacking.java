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
    alongRows(a, aOff + i0 * lda + p0, lda, mi, w, kc, 1, ap, 0);
  }

  /**
   * Packs alpha * op(A)[i0 .. i0+mc) x [p0 .. p0+kc) into panels of MR rows, k-major,
   * zero-padded (the kernels on packed A then leave alpha out).
   */
  static void packA(boolean transA, double[] a, int aOff, int lda, int i0, int mc,
      int p0, int kc, double alpha, double[] ap) {
    packA(transA, a, aOff, lda, i0, mc, p0, kc, alpha, MR, ap);
  }

  /** {@link #packA} into panels of {@code mr} rows. */
  static void packA(boolean transA, double[] a, int aOff, int lda, int i0, int mc,
      int p0, int kc, double alpha, int mr, double[] ap) {
    for (int ip = 0, idx = 0; ip < mc; ip += mr, idx += mr * kc) {
      int rows = Math.min(mr, mc - ip);
      int i = i0 + ip;
      if (transA) {
        acrossRows(a, aOff + p0 * lda + i, lda, rows, mr, kc, alpha, ap, idx);
      } else {
        alongRows(a, aOff + i * lda + p0, lda, rows, mr, kc, alpha, ap, idx);
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
    packB(transB, b, bOff, ldb, p0, kc, j0, nc, scale, NR, bp);
  }

  /** {@link #packB} of {@code scale * op(B)} into panels of {@code nr} (a multiple of L) columns. */
  static void packB(boolean transB, double[] b, int bOff, int ldb, int p0, int kc,
      int j0, int nc, double scale, int nr, double[] bp) {
    for (int jp = 0, idx = 0; jp < nc; jp += nr, idx += nr * kc) {
      int cols = Math.min(nr, nc - jp);
      int j = j0 + jp;
      if (!transB && cols == nr) {
        for (int p = 0, d = idx; p < kc; p++, d += nr) {
          int src = bOff + (p0 + p) * ldb + j;
          for (int v = 0; v < nr; v += L) {
            DoubleVector.fromArray(S, b, src + v).mul(scale).intoArray(bp, d + v);
          }
        }
      } else if (!transB) {
        acrossRows(b, bOff + p0 * ldb + j, ldb, cols, nr, kc, scale, bp, idx);
      } else {
        alongRows(b, bOff + j * ldb + p0, ldb, cols, nr, kc, scale, bp, idx);
      }
    }
  }

  /** Packs B[p0 .. p0+kc) x [j0 .. j0+cols) (cols &lt;= L) into one panel of L columns. */
  static void packNarrow(double[] b, int bOff, int ldb, int p0, int kc, int j0, int cols,
      double[] bp) {
    acrossRows(b, bOff + p0 * ldb + j0, ldb, cols, L, kc, 1, bp, 0);
  }

  /**
   * One panel from {@code kc} rows of a matrix, {@code step} apart from {@code src}, each giving
   * its first {@code used} elements: {@code to[idx + p * width + q] = scale * from[src + p * step
   * + q]}, zero for {@code used <= q < width}.
   */
  private static void acrossRows(double[] from, int src, int step, int used, int width, int kc,
      double scale, double[] to, int idx) {
    for (int p = 0; p < kc; p++) {
      int s = src + p * step;
      int d = idx + p * width;
      for (int q = 0; q < used; q++) {
        to[d + q] = scale * from[s + q];
      }
      for (int q = used; q < width; q++) {
        to[d + q] = 0;
      }
    }
  }

  /**
   * One panel from {@code used} rows of a matrix, {@code step} apart from {@code src}, each giving
   * {@code kc} elements: {@code to[idx + p * width + q] = scale * from[src + q * step + p]}, zero
   * for {@code used <= q < width} (a transposing copy).
   */
  private static void alongRows(double[] from, int src, int step, int used, int width, int kc,
      double scale, double[] to, int idx) {
    for (int q = 0; q < used; q++) {
      int s = src + q * step;
      for (int p = 0, d = idx + q; p < kc; p++, d += width) {
        to[d] = scale * from[s + p];
      }
    }
    for (int q = used; q < width; q++) {
      for (int p = 0, d = idx + q; p < kc; p++, d += width) {
        to[d] = 0;
      }
    }
  }
}

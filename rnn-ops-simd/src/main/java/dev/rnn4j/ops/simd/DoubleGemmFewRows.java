// TEMPLATE: the float version (FloatGemmFewRows) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleGemmShapes.DOT_MAX_ROWS;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.DOT_MIN_VECTORS;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.KC_NT;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.L;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MR_NT;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MR_NT3;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NB_NT;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NB_NT3;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.S;
import static dev.rnn4j.ops.simd.DoubleNtKernels.dotKernel1;
import static dev.rnn4j.ops.simd.DoubleNtKernels.dotKernel2;
import static dev.rnn4j.ops.simd.DoubleNtKernels.dotKernel3;
import static dev.rnn4j.ops.simd.DoubleNtKernels.dotKernel4;
import static dev.rnn4j.ops.simd.DoubleNtKernels.ntKernel1;
import static dev.rnn4j.ops.simd.DoubleNtKernels.ntKernel2;
import static dev.rnn4j.ops.simd.DoubleNtKernels.ntKernel3;
import static dev.rnn4j.ops.simd.DoublePacking.packAT;

import jdk.incubator.vector.DoubleVector;

/**
 * The GEMM with {@code op(B) = B^T} and few rows (a language model's output layer, {@code S V^T}
 * with V the vocabulary x hidden weights), as {@code C^T = B op(A)^T}: packing would be a scalar
 * transposing copy of all of B per call. op(A)^T is packed into one to three panels of L columns
 * (L = vector length) per block of {@code KC_NT} of k; the micro-kernels of {@link
 * DoubleNtKernels} broadcast elements of {@code MR_NT} ({@code MR_NT3} with three panels) rows of
 * B read in place and accumulate against the panels, and the products of {@code NB_NT} rows of B
 * are buffered then stored transposed into C by vector gathers. Up to {@code DOT_MAX_ROWS} rows of
 * C past the last whole panel run as dot products along k ({@code dotKernel1..4}) with the same
 * block of rows of B, when k allows it (see {@code DOT_MIN_VECTORS}).
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleGemmFewRows {
  private DoubleGemmFewRows() {}

  /**
   * C = alpha * op(A) B^T + beta * C with few rows (m &lt;= {@code NT_MAX_M}), computed as
   * {@code C^T = B op(A)^T}. The general path would pack B^T, a scalar transposing copy of all
   * of B (the n x k one, e.g. an output layer's whole weight matrix) on every call, for only a
   * few rows of products per copied element; here B is read in place instead: the micro-kernel
   * broadcasts elements of {@code MR_NT} rows of B and multiplies them with vectors of the small
   * op(A)^T, packed once per block of k into one to three panels of L columns (L = vector
   * length, along the rows of C). The products of {@code NB_NT} rows of B are collected, then
   * stored transposed into C (vector gathers from the buffer): a transposition of the m x n
   * elements of C, which are k / m times fewer than the elements of B the general path
   * transposes.
   */
  static void gemmNtFewRows(boolean transA, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    DoubleBuffers buf = DoubleBuffers.get();
    double[] tile = buf.tileT;
    // The last few rows past whole panels (c's 35 rows: 32 + 3) would fill a panel's lanes
    // mostly with zeros; they run as dot products along k instead, in the same blocks of B,
    // when each sum has enough whole vectors along k to pay for its sum over the lanes.
    int tailRows = transA || m % L > DOT_MAX_ROWS || k % L != 0 || k < DOT_MIN_VECTORS * L
        ? 0 : m % L;
    int panelRows = m - tailRows;
    for (int pc = 0; pc < k; pc += KC_NT) {
      int kc = Math.min(KC_NT, k - pc);
      double betaEff = pc == 0 ? beta : 1;
      if (panelRows == 0) {
        dotRows(kc, a, aOff + pc, lda, tailRows, b, bOff + pc, ldb, n, c, cOff, ldc, alpha,
            betaEff, tile);
      }
      int i0 = 0;
      while (i0 < panelRows) {
        // Up to three panels of L rows of C at a time (registers: 3 x 9 accumulators); four
        // panels left run as two and two, which wastes no more lanes than three and one.
        int panels = (panelRows - i0 + L - 1) / L;
        int p = panels <= 3 ? panels : panels == 4 ? 2 : 3;
        int w = p * L;
        int mi = Math.min(w, panelRows - i0);
        boolean last = i0 + mi == panelRows;
        double[] ap = buf.packAT(w * kc);
        packAT(transA, a, aOff, lda, i0, mi, w, pc, kc, ap);
        int mr = p == 3 ? MR_NT3 : MR_NT;
        int nbt = p == 3 ? NB_NT3 : NB_NT;
        for (int jb = 0; jb < n; jb += nbt) {
          int nb = Math.min(nbt, n - jb);
          for (int jj = 0; jj < nb; jj += mr) {
            int rows = Math.min(mr, nb - jj);
            int bi = bOff + (jb + jj) * ldb + pc;
            if (p == 1) {
              ntKernel1(kc, ap, b, bi, ldb, rows, tile, jj * w);
            } else if (p == 2) {
              ntKernel2(kc, ap, b, bi, ldb, rows, tile, jj * w);
            } else {
              ntKernel3(kc, ap, b, bi, ldb, rows, tile, jj * w);
            }
          }
          writeTileTransposed(tile, w, c, cOff + i0 * ldc + jb, ldc, mi, nb, alpha, betaEff,
              buf.gather[p - 1]);
          if (last && tailRows > 0) {
            dotRows(kc, a, aOff + panelRows * lda + pc, lda, tailRows, b,
                bOff + jb * ldb + pc, ldb, nb, c, cOff + panelRows * ldc + jb, ldc, alpha,
                betaEff, tile);
          }
        }
        i0 += mi;
      }
    }
  }

  /**
   * C[r][q] = alpha * (A[r] . B[q]) + beta * C[r][q] for r &lt; rows (1 to {@code
   * DOT_MAX_ROWS}), q &lt; n, over kc (a multiple of L) elements of rows of A and B read in
   * place; {@code lanes} holds the accumulators' lanes (at least 16 L elements).
   */
  private static void dotRows(int kc, double[] a, int ai, int lda, int rows, double[] b, int bi,
      int ldb, int n, double[] c, int ci, int ldc, double alpha, double beta, double[] lanes) {
    for (int q = 0; q < n; q += 4) {
      int rowsB = Math.min(4, n - q);
      int bq = bi + q * ldb;
      int cq = ci + q;
      if (rows == 1) {
        dotKernel1(kc, a, ai, lda, b, bq, ldb, rowsB, c, cq, ldc, alpha, beta, lanes);
      } else if (rows == 2) {
        dotKernel2(kc, a, ai, lda, b, bq, ldb, rowsB, c, cq, ldc, alpha, beta, lanes);
      } else if (rows == 3) {
        dotKernel3(kc, a, ai, lda, b, bq, ldb, rowsB, c, cq, ldc, alpha, beta, lanes);
      } else {
        dotKernel4(kc, a, ai, lda, b, bq, ldb, rowsB, c, cq, ldc, alpha, beta, lanes);
      }
    }
  }

  /**
   * C[q][r] = alpha * tile[r * w + q] + beta * C[q][r] (beta 0: old C ignored) for q &lt; cRows,
   * r &lt; cCols: a tile of C^T stored into C.
   */
  private static void writeTileTransposed(double[] tile, int w, double[] c, int ci, int ldc,
      int cRows, int cCols, double alpha, double beta, int[] gather) {
    int bound = cCols - cCols % L;
    for (int q = 0; q < cRows; q++) {
      int row = ci + q * ldc;
      int r = 0;
      for (; r < bound; r += L) {
        DoubleVector v = DoubleVector.fromArray(S, tile, r * w + q, gather, 0).mul(alpha);
        if (beta != 0) {
          v = DoubleVector.fromArray(S, c, row + r).mul(beta).add(v);
        }
        v.intoArray(c, row + r);
      }
      for (; r < cCols; r++) {
        double v = alpha * tile[r * w + q];
        c[row + r] = beta == 0 ? v : v + beta * c[row + r];
      }
    }
  }
}

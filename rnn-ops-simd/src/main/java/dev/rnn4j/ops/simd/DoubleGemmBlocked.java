// TEMPLATE: the float version (FloatGemmBlocked) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleGemmShapes.DIRECT_B_MAX_M;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.KC;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.KC_W;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.KC_W_IN_PLACE_A;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.KC_W_MAX;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MC_W;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MR_W;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NC_W;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NR_W;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.WIDE;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.WIDE_DIRECT_A_MAX_N;
import static dev.rnn4j.ops.simd.DoubleMicroKernels.tile5x4;
import static dev.rnn4j.ops.simd.DoubleMicroKernels.tile6x4;
import static dev.rnn4j.ops.simd.DoubleWideKernels.tile6x4Packed;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.L;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MC;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MR;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NC;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NR;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NT_MAX_M;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.SHORT_K;
import static dev.rnn4j.ops.simd.DoubleGemmFewRows.gemmNtFewRows;
import static dev.rnn4j.ops.simd.DoubleMicroKernels.tile5x2;
import static dev.rnn4j.ops.simd.DoubleMicroKernels.tile6x1;
import static dev.rnn4j.ops.simd.DoubleMicroKernels.tile6x2;
import static dev.rnn4j.ops.simd.DoubleMicroKernels.tile6x2Packed;
import static dev.rnn4j.ops.simd.DoubleBuffers.START;
import static dev.rnn4j.ops.simd.DoublePacking.packA;
import static dev.rnn4j.ops.simd.DoublePacking.packB;
import static dev.rnn4j.ops.simd.DoublePacking.packNarrow;

/**
 * The cache-blocked GEMM on the calling thread: op(A) packed into panels of {@code MR} rows and
 * op(B) into panels of {@code NR} columns (two vectors), blocked for the caches ({@code KC x MC}
 * for A, {@code KC x NC} for B, see {@link DoubleGemmShapes}), each tile run by a register-blocked
 * micro-kernel of {@link DoubleMicroKernels}: 12 vector accumulators, A broadcast, two loads of B
 * per step of k.
 *
 * <p>With at most {@code DIRECT_B_MAX_M} rows and {@code op(B) = B}, full strips of B are read in
 * place, unpacked, and so is A when {@code op(A) = A} (the kernel broadcasts from MR rows of A in
 * place; row counts that are multiples of 5 but not of 6 run in strips of 5). A last strip of at
 * most L columns (L = vector length) runs a one-vector micro-kernel (with A and B in place, that
 * strip is packed only L wide). With {@code op(A) = A^T} and a depth of at most {@code SHORT_K}
 * (the fused update of an output layer, {@code V += -lr dO^T S}), A is read in place too, and
 * alpha goes into the packed B; otherwise alpha goes into the packed A. A full tile of the packed
 * kernels starts from {@code beta * C} and is stored straight back. With {@code op(B) = B^T} and
 * at most {@code NT_MAX_M} rows, the product runs in {@link DoubleGemmFewRows} instead.
 *
 * <p>With 512-bit vectors ({@code DoubleGemmShapes.WIDE}), the products that would pack both
 * operands here run {@link #gemmWide} instead: the 6 x 4-vector tile of {@link DoubleWideKernels}
 * on panels of {@code MR_W} rows and {@code NR_W} columns, in the blocks {@code KC_W}, {@code
 * MC_W}, {@code NC_W}.
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleGemmBlocked {
  private DoubleGemmBlocked() {}

  /** C = alpha * op(A) op(B) + beta * C on the calling thread (beta 0: old C ignored). */
  static void gemmBlocked(boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    if (transB && m <= NT_MAX_M) {
      gemmNtFewRows(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    DoubleBuffers buf = DoubleBuffers.get();
    if (WIDE && (transB || m > DIRECT_B_MAX_M) && (!transA || k > SHORT_K)) {
      gemmWide(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
          buf);
      return;
    }
    // Few rows: each strip of B serves only a few micro-kernel calls, so copying B would cost
    // about as much as the products; read it in place (only a last, narrower strip is packed).
    boolean directB = !transB && m <= DIRECT_B_MAX_M;
    // ... and A too, when its rows are contiguous: with k much larger than m (dS = dO V, k the
    // vocabulary) packing A is a transposing copy of all of it per call, a sizeable share of the
    // time; the kernel broadcasts its elements from MR rows in place instead.
    boolean directA = directB && !transA;
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      int full = nc - nc % NR;
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        double betaEff = pc == 0 ? beta : 1;
        // Short depth with op(A) = A^T (dV = dO^T S, one block of V after the other): the
        // kernels read A in place, a strip's elements at one depth being contiguous in a row of
        // A, instead of a transposing copy of A per call; alpha goes into the small packed B.
        boolean inPlaceAT = transA && !directB && kc <= SHORT_K;
        // A last strip of at most L columns (the 4 of a width of 100) is read in place by whole
        // vectors when they stay inside the array: the lanes past the strip hold the next row's
        // elements, whose products are dropped (only the strip's columns are stored).
        boolean tailInPlace = directA && full < nc && nc - full <= L
            && bOff + (pc + kc - 1) * ldb + jc + full + L <= b.length;
        if (inPlaceAT) {
          packB(transB, b, bOff, ldb, pc, kc, jc, nc, alpha, WIDE ? NR_W : NR, buf.packB);
        } else if (!directB) {
          packB(transB, b, bOff, ldb, pc, kc, jc, nc, buf.packB);
        } else if (directA && nc - full <= L) {
          if (!tailInPlace) {
            packNarrow(b, bOff, ldb, pc, kc, jc + full, nc - full, buf.packB);
          }
        } else if (full < nc) {
          packB(false, b, bOff, ldb, pc, kc, jc + full, nc - full, buf.packB);
        }
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          if (!directA && !inPlaceAT) {
            packA(transA, a, aOff, lda, ic, mc, pc, kc, alpha, buf.packA);
          }
          blockOfC(inPlaceAT, directA, tailInPlace, directB ? full : 0, ic, mc, jc, nc, pc, kc,
              alpha, betaEff, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, buf);
        }
      }
    }
  }

  /**
   * The packed GEMM with the wide register tile ({@link DoubleWideKernels}, 512-bit vectors):
   * op(B) packed in the blocks {@code KC_W x NC_W}, op(A) packed in the blocks {@code KC_W x
   * MC_W}, or, with {@code op(A) = A}, alpha 1 and at most {@code WIDE_DIRECT_A_MAX_N} columns,
   * read in place by {@code DoubleMicroKernels.tile6x4} (the same chain of multiply-adds per
   * element of C, so the same bits).
   */
  private static void gemmWide(boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc, DoubleBuffers buf) {
    double[] ap = buf.packA;
    double[] bp = buf.packB;
    double[] tile = buf.tile;
    // With few panels of B, packing A is a large share of the work: read it in place.
    boolean inPlaceA = !transA && alpha == 1 && n <= WIDE_DIRECT_A_MAX_N;
    // where the kernels read a strip of A: its rows in place, or a packed panel of MR_W rows
    double[] as = inPlaceA ? a : ap;
    int rowStep = inPlaceA ? lda : 1;
    int depthStep = inPlaceA ? 1 : MR_W;
    // A depth of at most KC_W_MAX runs as one block: C is then read and written once instead of
    // twice, which matters where C is large (c's O = S V^T at batch 32, 1120 x 10000: 45 MB).
    // Deeper products with A in place run blocks of KC_W_IN_PLACE_A (see there).
    int kcMax = k <= KC_W_MAX ? k : inPlaceA ? KC_W_IN_PLACE_A : KC_W;
    for (int jc = 0; jc < n; jc += NC_W) {
      int nc = Math.min(NC_W, n - jc);
      for (int pc = 0; pc < k; pc += kcMax) {
        int kc = Math.min(kcMax, k - pc);
        double betaEff = pc == 0 ? beta : 1;
        packB(transB, b, bOff, ldb, pc, kc, jc, nc, 1, NR_W, bp);
        for (int ic = 0; ic < m; ic += MC_W) {
          int mc = Math.min(MC_W, m - ic);
          if (!inPlaceA) {
            packA(transA, a, aOff, lda, ic, mc, pc, kc, alpha, MR_W, ap);
          }
          for (int jr = 0; jr < nc; jr += NR_W) {
            int cols = Math.min(NR_W, nc - jr);
            for (int ir = 0; ir < mc; ir += MR_W) {
              int rows = Math.min(MR_W, mc - ir);
              int ci = cOff + (ic + ir) * ldc + jc + jr;
              int ai = inPlaceA ? aOff + (ic + ir) * lda + pc : ir * kc;
              if (cols <= NR) {
                narrowPanel(kc, as, ai, rowStep, depthStep, bp, START + jr * kc, c, ci, ldc, rows,
                    cols, betaEff, tile);
              } else if (inPlaceA) {
                tile6x4(kc, a, ai, lda, 1, bp, START + jr * kc, NR_W, c, ci, ldc, rows, cols, 1,
                    betaEff, true, tile);
              } else {
                tile6x4Packed(kc, ap, ai, MR_W, bp, START + jr * kc, c, ci, ldc, rows, cols,
                    betaEff, tile);
              }
            }
          }
        }
      }
    }
  }

  /**
   * A tile of the wide path over at most two vectors of columns ({@code cols <= NR}, e.g. the
   * last 8 of 200 columns) by the two-vector or the one-vector tile, instead of the four-vector
   * tile computing all {@code NR_W} columns of its panel (sgemm 1024 x 200 x 1024 ran 1.10x and
   * 640 x 80 x 655 1.19x faster, {@code rnn-bench/results/2026-12-06-packing-by-vectors.csv}). A
   * last strip of three vectors (36 of 100 columns) did not gain and keeps the four-vector tile.
   * Like that tile's partial path, each element is summed from zero, then stored as {@code sum +
   * beta * C}: the same bits.
   */
  private static void narrowPanel(int kc, double[] a, int ai, int rowStep, int depthStep,
      double[] bp, int bi, double[] c, int ci, int ldc, int rows, int cols, double beta,
      double[] tile) {
    if (cols > L) {
      tile6x2(kc, a, ai, rowStep, depthStep, bp, bi, NR_W, c, ci, ldc, rows, cols, 1, beta,
          false, tile);
    } else {
      tile6x1(kc, a, ai, rowStep, depthStep, bp, bi, NR_W, c, ci, ldc, rows, cols, 1, beta, tile);
    }
  }

  /**
   * The tiles of the block of C at rows {@code [ic, ic + mc)}, columns {@code [jc, jc + nc)},
   * depth {@code [pc, pc + kc)}: B read in place in its first {@code directCols} columns (0: B
   * packed), A in place ({@code directA}: rows; {@code inPlaceAT}: op(A) = A^T) or packed.
   *
   * <p>With 512-bit vectors, where A or B is read in place ({@code directA}, {@code inPlaceAT}),
   * the columns first run in strips of {@code NR_W} through the four-vector tiles ({@code
   * DoubleMicroKernels.tile6x4}, {@code tile5x4}; for {@code inPlaceAT}'s whole strips of 6 rows
   * {@code DoubleWideKernels.tile6x4Packed}, with A's depth step) as far as B is in place, or for
   * {@code inPlaceAT} as far as whole packed panels of NR_W reach, then in strips of {@code NR}
   * as below. Each element of C gets the same chain of multiply-adds and the same final rounding
   * either way.
   *
   * <p>With {@code inPlaceAT}, a last strip of at most {@code L} columns (the last 4 of b's 100)
   * runs {@link DoubleNarrowStrip} on its rows in whole vectors, with the vectors along the rows of
   * C, instead of the one-vector tile, which used 4 of its 16 lanes and cost a call per 6 rows; the
   * same chain per element, so the same bits ({@code NarrowStripTest}).
   */
  private static void blockOfC(boolean inPlaceAT, boolean directA, boolean tailInPlace,
      int directCols, int ic, int mc, int jc, int nc, int pc, int kc, double alpha, double beta,
      double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, DoubleBuffers buf) {
    // Short depth (k up to SHORT_K, e.g. dV = dO^T S over one sequence): each tile does little
    // arithmetic per element of C it reads and writes, so walk C strip of rows by strip of rows,
    // front to back in memory, which the prefetcher follows; otherwise the usual order, a panel
    // of B against every strip of A.
    boolean rowsOuter = kc <= SHORT_K;
    // The width of the packed panels of B (inPlaceAT packs B in panels of NR_W when WIDE).
    int pw = inPlaceAT && WIDE ? NR_W : NR;
    int wideStrips = !WIDE ? 0
        : inPlaceAT ? nc / NR_W
        : directA ? directCols / NR_W
        : 0;
    int narrowFrom = wideStrips * NR_W;
    int stripsJ = wideStrips + (nc - narrowFrom + NR - 1) / NR;
    // With A read in place, rows need not come in strips of MR: 20 or 25 rows (dS = dO V over T =
    // 20 or 25 steps) run as strips of 5, which waste no rows, rather than 6, 6, 6 and 2.
    int mr = directA && mc % MR != 0 && mc % 5 == 0 ? 5 : MR;
    int stripsI = (mc + mr - 1) / mr;
    boolean directB = directCols > 0 || directA;
    double[] tile = buf.tile;
    // With op(A) = A^T, a last strip of at most L columns runs with the vectors along the rows of
    // C (DoubleNarrowStrip) on its rows in whole vectors; the rest of its rows, fewer than L, run
    // the one-vector tile below.
    int lastJr = narrowFrom + Math.max(0, stripsJ - wideStrips - 1) * NR;
    int lastCols = nc - lastJr;
    int byColumns = inPlaceAT && stripsJ > wideStrips && lastCols <= L ? mc - mc % L : 0;
    for (int outer = 0, outerEnd = rowsOuter ? stripsI : stripsJ; outer < outerEnd; outer++) {
      for (int inner = 0, innerEnd = rowsOuter ? stripsJ : stripsI; inner < innerEnd; inner++) {
        int sj = rowsOuter ? inner : outer;
        boolean wide = sj < wideStrips;
        int jr = wide ? sj * NR_W : narrowFrom + (sj - wideStrips) * NR;
        int ir = (rowsOuter ? outer : inner) * mr;
        int cols = Math.min(wide ? NR_W : NR, nc - jr);
        int rows = Math.min(mr, mc - ir);
        int ci = cOff + (ic + ir) * ldc + jc + jr;
        boolean direct = jr < directCols;
        double[] bt = direct ? b : buf.packB;
        int bi = direct ? bOff + pc * ldb + jc + jr
            : directB ? START : START + jr / pw * pw * kc + jr % pw;
        int bStep = direct ? ldb : pw;
        if (inPlaceAT) {
          int ai = aOff + pc * lda + ic + ir;
          if (wide && rows == MR_W) { // wide: B's panels are NR_W wide, as that tile steps
            // the packed tile with A's depth step lda: the same chain per element as tile6x4's,
            // with fewer integers live in its k loop (see DoubleWideKernels.tile6x4Packed)
            tile6x4Packed(kc, a, ai, lda, bt, bi, c, ci, ldc, rows, cols, beta, tile);
          } else if (wide) {
            tile6x4(kc, a, ai, 1, lda, bt, bi, pw, c, ci, ldc, rows, cols, 1, beta, true, tile);
          } else if (cols <= L) {
            int done = Math.min(rows, Math.max(0, byColumns - ir));
            if (done < rows) {
              tile6x1(kc, a, ai + done, 1, lda, bt, bi, pw, c, ci + done * ldc, ldc, rows - done,
                  cols, 1, beta, tile);
            }
          } else {
            tile6x2(kc, a, ai, 1, lda, bt, bi, pw, c, ci, ldc, rows, cols, 1, beta, true, tile);
          }
        } else if (directA) {
          int ai = aOff + (ic + ir) * lda + pc;
          if (wide && mr == 5) {
            tile5x4(kc, a, ai, lda, bt, bi, bStep, c, ci, ldc, alpha, beta, tile);
          } else if (wide) {
            tile6x4(kc, a, ai, lda, 1, bt, bi, bStep, c, ci, ldc, rows, cols, alpha, beta, false,
                tile);
          } else if (!direct && cols <= L && tailInPlace) {
            tile6x1(kc, a, ai, lda, 1, b, bOff + pc * ldb + jc + jr, ldb, c, ci, ldc, rows, cols,
                alpha, beta, tile);
          } else if (!direct && cols <= L) {
            tile6x1(kc, a, ai, lda, 1, bt, START, L, c, ci, ldc, rows, cols, alpha, beta, tile);
          } else if (mr == 5 && cols == NR) {
            tile5x2(kc, a, ai, lda, bt, bi, bStep, c, ci, ldc, alpha, beta, tile);
          } else {
            tile6x2(kc, a, ai, lda, 1, bt, bi, bStep, c, ci, ldc, rows, cols, alpha, beta, false,
                tile);
          }
        } else if (!direct && cols <= L) {
          tile6x1(kc, buf.packA, ir * kc, 1, MR, bt, bi, NR, c, ci, ldc, rows, cols, 1, beta,
              tile);
        } else {
          tile6x2Packed(kc, buf.packA, ir * kc, bt, bi, bStep, c, ci, ldc, rows, cols, beta, tile);
        }
      }
    }
    if (byColumns > 0) {
      DoubleNarrowStrip.columns(kc, a, aOff + pc * lda + ic, lda, byColumns, buf.packB,
          START + lastJr / pw * pw * kc + lastJr % pw, pw, c, cOff + ic * ldc + jc + lastJr, ldc,
          lastCols, beta, tile);
    }
  }
}

// TEMPLATE: the float version (FloatPacking) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleBuffers.START;
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

  /**
   * Packs op(A)[i0 .. i0+mi) x [p0 .. p0+kc) transposed: ap[START + p * w + q], zero-padded to w.
   */
  static void packAT(boolean transA, double[] a, int aOff, int lda, int i0, int mi, int w,
      int p0, int kc, double[] ap) {
    if (transA) {
      for (int p = 0; p < kc; p++) {
        int src = aOff + (p0 + p) * lda + i0;
        int dst = START + p * w;
        System.arraycopy(a, src, ap, dst, mi);
        java.util.Arrays.fill(ap, dst + mi, dst + w, (double) 0);
      }
      return;
    }
    int[] map = mi == w ? gatherMap(w, lda) : null;
    alongRows(a, aOff + i0 * lda + p0, lda, mi, w, kc, 1, ap, START, map);
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
    int whole = mc / mr;
    if (transA) {
      panelsFromRows(a, aOff + p0 * lda + i0, lda, whole, mr, kc, alpha, ap, 0);
    } else {
      int[] map = whole > 0 ? gatherMap(mr, lda) : null;
      for (int q = 0; q < whole; q++) {
        int src = aOff + (i0 + q * mr) * lda + p0;
        alongRows(a, src, lda, mr, mr, kc, alpha, ap, q * mr * kc, map);
      }
    }
    if (whole * mr < mc) {
      int ip = whole * mr;
      int rows = mc - ip;
      int i = i0 + ip;
      int idx = whole * mr * kc;
      if (transA) {
        acrossRows(a, aOff + p0 * lda + i, lda, rows, mr, kc, alpha, ap, idx);
      } else {
        alongRows(a, aOff + i * lda + p0, lda, rows, mr, kc, alpha, ap, idx, null);
      }
    }
  }

  /**
   * The first {@code panels} whole panels, {@code mr} wide, that lie side by side in {@code kc}
   * rows of a matrix ({@code step} apart from {@code src}): {@code to[idx + q * mr * kc + p * mr +
   * r] = scale * from[src + p * step + q * mr + r]}. These are the panels of op(A) = A^T (mr rows of
   * op(A) are mr consecutive elements of a row of A) and of op(B) = B.
   *
   * <p>Row by row of the matrix rather than panel by panel: each row is read once, front to back,
   * instead of every panel reading a few elements of each of {@code kc} rows far apart (about
   * five times faster on a 1120 x 10000 A, {@code dO^T} of a word model's batch). The {@code mr}
   * elements of a panel's row are copied by whole vectors; when mr is not a multiple of L, the
   * lanes past them land on the next rows of the same panel, written afterwards, so the last rows
   * of each panel, where a vector would leave the panel, are copied element by element. Each
   * element is the same single product, so the same bits as a copy element by element.
   */
  private static void panelsFromRows(double[] from, int src, int step, int panels, int mr,
      int kc, double scale, double[] to, int idx) {
    int panelSize = mr * kc;
    int lastVector = (mr - 1) / L * L; // where the last vector of a panel's row starts
    int lastFrom = from.length - L;
    for (int p = 0; p < kc; p++) {
      int s = src + p * step;
      boolean vectors = p * mr + lastVector + L <= panelSize;
      for (int q = 0, d = idx + p * mr; q < panels; q++, s += mr, d += panelSize) {
        if (vectors && s + lastVector <= lastFrom) {
          for (int r = 0; r < mr; r += L) {
            DoubleVector.fromArray(S, from, s + r).mul(scale).intoArray(to, d + r);
          }
        } else {
          for (int r = 0; r < mr; r++) {
            to[d + r] = scale * from[s + r];
          }
        }
      }
    }
  }

  /**
   * Packs op(B)[p0 .. p0+kc) x [j0 .. j0+nc) into panels of NR columns, k-major, zero-padded, in
   * {@code bp} from {@code START}.
   */
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
    int[] map = null;
    int whole = nc / nr;
    if (!transB) {
      panelsFromRows(b, bOff + p0 * ldb + j0, ldb, whole, nr, kc, scale, bp, START);
    }
    for (int jp = transB ? 0 : whole * nr, idx = START + jp * kc; jp < nc;
        jp += nr, idx += nr * kc) {
      int cols = Math.min(nr, nc - jp);
      int j = j0 + jp;
      if (!transB) {
        acrossRows(b, bOff + p0 * ldb + j, ldb, cols, nr, kc, scale, bp, idx);
      } else {
        if (map == null && cols == nr) {
          map = gatherMap(nr, ldb);
        }
        int[] gather = cols == nr ? map : null;
        alongRows(b, bOff + j * ldb + p0, ldb, cols, nr, kc, scale, bp, idx, gather);
      }
    }
  }

  /**
   * Packs B[p0 .. p0+kc) x [j0 .. j0+cols) (cols &lt;= L) into one panel of L columns, in {@code
   * bp} from {@code START}.
   */
  static void packNarrow(double[] b, int bOff, int ldb, int p0, int kc, int j0, int cols,
      double[] bp) {
    acrossRows(b, bOff + p0 * ldb + j0, ldb, cols, L, kc, 1, bp, START);
  }

  /**
   * One panel from {@code kc} rows of a matrix, {@code step} apart from {@code src}, each giving
   * its first {@code used} elements: {@code to[idx + p * width + q] = scale * from[src + p * step
   * + q]}, zero for {@code used <= q < width}.
   *
   * <p>Copied by whole vectors wherever the vector stays inside both arrays and the panel: the
   * lanes past a row's {@code used} elements land on the row's zero padding or on the next row of
   * the panel, both written afterwards (a panel of 6 rows of op(A) takes one vector per row
   * instead of six scalar copies). Each element is the same single product, so the same bits.
   */
  private static void acrossRows(double[] from, int src, int step, int used, int width, int kc,
      double scale, double[] to, int idx) {
    int end = idx + kc * width;
    int lastFrom = from.length - L;
    for (int p = 0; p < kc; p++) {
      int s = src + p * step;
      int d = idx + p * width;
      int q = 0;
      for (; q < used && d + q <= end - L && s + q <= lastFrom; q += L) {
        DoubleVector.fromArray(S, from, s + q).mul(scale).intoArray(to, d + q);
      }
      for (; q < used; q++) {
        to[d + q] = scale * from[s + q];
      }
      for (q = used; q < width; q++) {
        to[d + q] = 0;
      }
    }
  }

  /**
   * One panel from {@code used} rows of a matrix, {@code step} apart from {@code src}, each giving
   * {@code kc} elements: {@code to[idx + p * width + q] = scale * from[src + q * step + p]}, zero
   * for {@code used <= q < width} (a transposing copy).
   *
   * <p>With a {@link #gatherMap} (only for a whole panel, {@code used == width}), the panel is
   * written front to back by whole vectors, each gathered from the {@code used} rows: 2 to 3
   * times faster than element by element (measured on a word model's 1120 x 10000 {@code dO} and
   * its 10000 x 256 V), the same single product per element, so the same bits.
   */
  private static void alongRows(double[] from, int src, int step, int used, int width, int kc,
      double scale, double[] to, int idx, int[] map) {
    int p = 0;
    if (map != null) {
      int span = map.length;      // lcm(width, L) elements of the panel per group
      int group = span / width;   // rows of the panel (values of p) per group
      int reach = (used - 1) * step;
      for (; p + group <= kc && src + p + group - 1 + reach < from.length; p += group) {
        for (int v = 0, d = idx + p * width; v < span; v += L) {
          DoubleVector.fromArray(S, from, src + p, map, v).mul(scale).intoArray(to, d + v);
        }
      }
    }
    for (int q = 0; q < used; q++) {
      int s = src + q * step;
      for (int pp = p, d = idx + q + p * width; pp < kc; pp++, d += width) {
        to[d] = scale * from[s + pp];
      }
    }
    // The padding, row by row of the panel: one contiguous run per row. Column by column it was
    // width - used strided stores per row: a 65-token vocabulary's V leaves one column of 64 in its
    // last panel of B, whose padding cost more than the panel's products (KernelTimes
    // NT:100,65,512, a2's logits: 131-144 us before, 76-84 after, against 58-63 for 64 columns)
    if (used < width) {
      for (int pp = 0, d = idx + used; pp < kc; pp++, d += width) {
        java.util.Arrays.fill(to, d, d + width - used, (double) 0);
      }
    }
  }

  /**
   * One panel of {@code width} rows stored column by column ({@code PanelMatrix}'s layout) from
   * {@code used} rows of a matrix, {@code step} apart from {@code src}, each giving {@code cols}
   * elements: {@code to[idx + j * width + q] = from[src + q * step + j]}, zero for {@code used <=
   * q < width}. When {@code width} is a multiple of L and the panel whole, L rows at a time: for
   * each column, one vector gathered from the L rows ({@code map}, from {@link #rowsMap}). The L
   * rows' cache lines stay in L1 from column to column; gathering all {@code width} rows of a
   * column at once touches {@code width} lines, which rows of 512 floats (2 kB apart) map to two
   * sets of L1. Packing a 512 x 512 float matrix (one thread, both JDKs): 79-82 us by L rows,
   * 160-176 us element by element or by whole columns ({@code
   * rnn-bench/results/2026-12-07-pack-by-row-groups.csv}).
   */
  static void panelFromRows(double[] from, int src, int step, int used, int width, int cols,
      double[] to, int idx, int[] map) {
    if (used < width || width % L != 0) {
      alongRows(from, src, step, used, width, cols, 1, to, idx, null);
      return;
    }
    for (int r = 0; r < width; r += L) {
      int s = src + r * step;
      for (int j = 0, d = idx + r; j < cols; j++, d += width) {
        DoubleVector.fromArray(S, from, s + j, map, 0).intoArray(to, d);
      }
    }
  }

  /** @return the offsets of L rows {@code step} apart: {@code t * step} */
  static int[] rowsMap(int step) {
    int[] map = new int[L];
    for (int t = 0; t < L; t++) {
      map[t] = t * step;
    }
    return map;
  }

  /**
   * The gather offsets of {@link #alongRows} for panels {@code width} wide from rows {@code step}
   * apart: element {@code t} of a group of {@code lcm(width, L)} consecutive elements of the
   * panel is row {@code t % width} at depth {@code t / width}.
   */
  static int[] gatherMap(int width, int step) {
    int span = width;
    while (span % L != 0) {
      span += width;
    }
    int[] map = new int[span];
    for (int t = 0; t < span; t++) {
      map[t] = (t % width) * step + t / width;
    }
    return map;
  }
}

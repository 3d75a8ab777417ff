// TEMPLATE: the float version (FloatGemv) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix-vector products: by rows ({@code y = alpha A x + beta y}, four rows at a time, split
 * over the {@link WorkerPool} by rows when large), transposed (four rows of A per pass over y), and
 * on a matrix packed into panels of {@link #panelRows} rows ({@link #gemvPacked}, split by
 * contiguous ranges of panels, see {@link #onPanelParts}).
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleGemv {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** A matrix-vector product with at least this many multiply-adds is split over the pool. */
  static final long PARALLEL_MIN_GEMV = 1L << 19;
  /**
   * A packed matrix-vector product with at least this many multiply-adds is split over the pool:
   * lower than for {@link #PARALLEL_MIN_GEMV}, since each thread keeps its panels in its own cache
   * from call to call (a 512 x 512 recurrent weight: half of it per core, every step).
   */
  static final long PARALLEL_MIN_PACKED_GEMV = 1L << 16;

  private final WorkerPool pool;

  /** @param pool the threads large products may use */
  DoubleGemv(WorkerPool pool) {
    this.pool = pool;
  }


  /** {@code y = alpha op(A) x + beta y} (beta 0: old y ignored), as {@code DoubleKernels.gemv}. */
  void gemv(boolean transA, int rows, int cols, double alpha, double[] a, int aOff,
      int lda, double[] x, int xOff, double beta, double[] y, int yOff) {
    if (transA) {
      gemvTransposed(rows, cols, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
      return;
    }
    int threads = pool.threads();
    if (threads == 1 || (long) rows * cols < PARALLEL_MIN_GEMV || rows < 16 * threads) {
      gemvRows(rows, cols, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
      return;
    }
    int chunk = ((rows + threads - 1) / threads + 7) & ~7;
    int parts = (rows + chunk - 1) / chunk;
    pool.run(parts, part -> {
      int start = part * chunk;
      gemvRows(Math.min(chunk, rows - start), cols, alpha, a, aOff + start * lda, lda, x, xOff,
          beta, y, yOff + start);
    });
  }

  /** y[i] = alpha * dot(A row i, x) + beta * y[i], four rows at a time. */
  private static void gemvRows(int rows, int cols, double alpha, double[] a, int aOff, int lda,
      double[] x, int xOff, double beta, double[] y, int yOff) {
    int bound = S.loopBound(cols);
    int i = 0;
    for (; i + 4 <= rows; i += 4) {
      int r0 = aOff + i * lda;
      int r1 = r0 + lda;
      int r2 = r1 + lda;
      int r3 = r2 + lda;
      DoubleVector s0 = DoubleVector.zero(S);
      DoubleVector s1 = s0;
      DoubleVector s2 = s0;
      DoubleVector s3 = s0;
      int p = 0;
      for (; p < bound; p += L) {
        DoubleVector xv = DoubleVector.fromArray(S, x, xOff + p);
        s0 = DoubleVector.fromArray(S, a, r0 + p).lanewise(VectorOperators.FMA, xv, s0);
        s1 = DoubleVector.fromArray(S, a, r1 + p).lanewise(VectorOperators.FMA, xv, s1);
        s2 = DoubleVector.fromArray(S, a, r2 + p).lanewise(VectorOperators.FMA, xv, s2);
        s3 = DoubleVector.fromArray(S, a, r3 + p).lanewise(VectorOperators.FMA, xv, s3);
      }
      double t0 = VectorBits.sum(s0);
      double t1 = VectorBits.sum(s1);
      double t2 = VectorBits.sum(s2);
      double t3 = VectorBits.sum(s3);
      for (; p < cols; p++) {
        double xv = x[xOff + p];
        t0 += a[r0 + p] * xv;
        t1 += a[r1 + p] * xv;
        t2 += a[r2 + p] * xv;
        t3 += a[r3 + p] * xv;
      }
      storeScaled(y, yOff + i, t0, alpha, beta);
      storeScaled(y, yOff + i + 1, t1, alpha, beta);
      storeScaled(y, yOff + i + 2, t2, alpha, beta);
      storeScaled(y, yOff + i + 3, t3, alpha, beta);
    }
    for (; i < rows; i++) {
      int r0 = aOff + i * lda;
      DoubleVector s0 = DoubleVector.zero(S);
      int p = 0;
      for (; p < bound; p += L) {
        s0 = DoubleVector.fromArray(S, a, r0 + p)
            .lanewise(VectorOperators.FMA, DoubleVector.fromArray(S, x, xOff + p), s0);
      }
      double t0 = VectorBits.sum(s0);
      for (; p < cols; p++) {
        t0 += a[r0 + p] * x[xOff + p];
      }
      storeScaled(y, yOff + i, t0, alpha, beta);
    }
  }

  static void storeScaled(double[] y, int i, double t, double alpha, double beta) {
    y[i] = beta == 0 ? alpha * t : alpha * t + beta * y[i];
  }

  /** {@code y[at..] = alpha * t + beta * y[at..]} (beta 0: {@code alpha * t}) for one vector t. */
  static void storeScaled(DoubleVector t, double alpha, double beta, double[] y, int at) {
    DoubleVector scaled = t.mul(alpha);
    if (beta != 0) {
      scaled = scaled.add(DoubleVector.fromArray(S, y, at).mul(beta));
    }
    scaled.intoArray(y, at);
  }

  /** Panels of four vectors of rows: four accumulators hide the latency of the multiply-adds. */
  static int panelRows() {
    return 4 * L;
  }

  /**
   * The packed product: each panel is read once, front to back, with its four vectors of outputs
   * held in registers and one broadcast of x per column, so the matrix streams through at memory
   * speed with no horizontal sums. Split over the pool in contiguous ranges of panels, the same
   * range per thread on every call, so each core keeps its share in its own cache.
   */
  void gemvPacked(int rows, int cols, int panelRows, double alpha, double[] a, int aOff,
      double[] x, int xOff, double beta, double[] y, int yOff) {
    int panels = (rows + panelRows - 1) / panelRows;
    if (panelParts(rows, cols, panels) == 1) {
      // no lambda on the per-token path when nothing is split
      gemvPanels(0, panels, rows, cols, alpha, a, aOff, x, xOff, beta, y, yOff);
      return;
    }
    onPanelParts(rows, cols, panelRows, (from, to) -> gemvPanels(from, to, rows, cols, alpha, a,
        aOff, x, xOff, beta, y, yOff));
  }

  /** @return the threads a packed matrix-vector product (and its packing) is split over */
  private int panelParts(int rows, int cols, int panels) {
    int threads = pool.threads();
    return threads == 1 || (long) rows * cols < PARALLEL_MIN_PACKED_GEMV || panels < 2
        ? 1
        : Math.min(threads, panels);
  }

  /**
   * Runs {@code body} over the panels of a packed {@code rows x cols} matrix: all of them on the
   * calling thread, or, when the product is large enough to split, one contiguous range per
   * thread, each thread always getting the same range. Packing and multiplying split alike, so a
   * thread multiplies the panels it packed, which are in its core's cache.
   */
  void onPanelParts(int rows, int cols, int panelRows, PanelRange body) {
    int panels = panelRows == 0 ? rows : (rows + panelRows - 1) / panelRows;
    int parts = panelParts(rows, cols, panels);
    if (parts == 1) {
      body.run(0, panels);
      return;
    }
    pool.run(parts, part -> body.run(part * panels / parts, (part + 1) * panels / parts));
  }

  /**
   * The {@link #panelRows} rows of one panel of a packed {@code cols}-column matrix times x, into
   * {@code out[0, panelRows)}: each row exactly as {@link #gemvPacked} computes it with {@code
   * alpha = 1, beta = 0} (one multiply-add chain per row, column 0 first), padding rows zero.
   */
  static void panelProducts(int panel, int cols, double[] a, int aOff, double[] x, int xOff,
      double[] out) {
    int pr = 4 * L;
    gemvPanels(panel, panel + 1, (panel + 1) * pr, cols, 1, a, aOff, x, xOff, 0, out, -panel * pr);
  }

  static void gemvPanels(int from, int to, int rows, int cols, double alpha, double[] a, int aOff,
      double[] x, int xOff, double beta, double[] y, int yOff) {
    int pr = 4 * L;
    for (int panel = from; panel < to; panel++) {
      int idx = aOff + panel * pr * cols;
      DoubleVector c0 = DoubleVector.zero(S);
      DoubleVector c1 = c0;
      DoubleVector c2 = c0;
      DoubleVector c3 = c0;
      for (int j = 0; j < cols; j++) {
        DoubleVector xj = DoubleVector.broadcast(S, x[xOff + j]);
        c0 = DoubleVector.fromArray(S, a, idx).lanewise(VectorOperators.FMA, xj, c0);
        c1 = DoubleVector.fromArray(S, a, idx + L).lanewise(VectorOperators.FMA, xj, c1);
        c2 = DoubleVector.fromArray(S, a, idx + 2 * L).lanewise(VectorOperators.FMA, xj, c2);
        c3 = DoubleVector.fromArray(S, a, idx + 3 * L).lanewise(VectorOperators.FMA, xj, c3);
        idx += pr;
      }
      int i = panel * pr;
      if (i + pr <= rows && alpha == 1 && beta == 0) {
        c0.intoArray(y, yOff + i);
        c1.intoArray(y, yOff + i + L);
        c2.intoArray(y, yOff + i + 2 * L);
        c3.intoArray(y, yOff + i + 3 * L);
        continue;
      }
      if (i + pr <= rows) {
        // alpha * t + beta * y lane by lane: the same roundings as storeScaled
        storeScaled(c0, alpha, beta, y, yOff + i);
        storeScaled(c1, alpha, beta, y, yOff + i + L);
        storeScaled(c2, alpha, beta, y, yOff + i + 2 * L);
        storeScaled(c3, alpha, beta, y, yOff + i + 3 * L);
        continue;
      }
      double[] tile = DoubleBuffers.get().tile;
      c0.intoArray(tile, 0);
      c1.intoArray(tile, L);
      c2.intoArray(tile, 2 * L);
      c3.intoArray(tile, 3 * L);
      for (int r = 0, end = Math.min(pr, rows - i); r < end; r++) {
        storeScaled(y, yOff + i + r, tile[r], alpha, beta);
      }
    }
  }

  /** y = beta * y + alpha * sum_p x[p] * (A row p), four rows of A per pass over y. */
  private static void gemvTransposed(int rows, int cols, double alpha, double[] a, int aOff,
      int lda, double[] x, int xOff, double beta, double[] y, int yOff) {
    if (beta == 0) {
      java.util.Arrays.fill(y, yOff, yOff + cols, (double) 0);
    } else if (beta != 1) {
      DoubleElementwise.scale(cols, beta, y, yOff, y, yOff);
    }
    int bound = S.loopBound(cols);
    int p = 0;
    for (; p + 4 <= rows; p += 4) {
      int r0 = aOff + p * lda;
      int r1 = r0 + lda;
      int r2 = r1 + lda;
      int r3 = r2 + lda;
      double x0 = alpha * x[xOff + p];
      double x1 = alpha * x[xOff + p + 1];
      double x2 = alpha * x[xOff + p + 2];
      double x3 = alpha * x[xOff + p + 3];
      int j = 0;
      for (; j < bound; j += L) {
        DoubleVector acc = DoubleVector.fromArray(S, y, yOff + j);
        acc = DoubleVector.fromArray(S, a, r0 + j).lanewise(VectorOperators.FMA, x0, acc);
        acc = DoubleVector.fromArray(S, a, r1 + j).lanewise(VectorOperators.FMA, x1, acc);
        acc = DoubleVector.fromArray(S, a, r2 + j).lanewise(VectorOperators.FMA, x2, acc);
        acc = DoubleVector.fromArray(S, a, r3 + j).lanewise(VectorOperators.FMA, x3, acc);
        acc.intoArray(y, yOff + j);
      }
      for (; j < cols; j++) {
        y[yOff + j] += a[r0 + j] * x0 + a[r1 + j] * x1 + a[r2 + j] * x2 + a[r3 + j] * x3;
      }
    }
    for (; p < rows; p++) {
      int r0 = aOff + p * lda;
      double x0 = alpha * x[xOff + p];
      int j = 0;
      for (; j < bound; j += L) {
        DoubleVector acc = DoubleVector.fromArray(S, y, yOff + j);
        DoubleVector.fromArray(S, a, r0 + j).lanewise(VectorOperators.FMA, x0, acc)
            .intoArray(y, yOff + j);
      }
      for (; j < cols; j++) {
        y[yOff + j] += a[r0 + j] * x0;
      }
    }
  }
}

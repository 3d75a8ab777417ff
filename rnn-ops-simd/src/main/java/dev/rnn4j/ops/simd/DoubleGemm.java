// TEMPLATE: the float version (FloatGemm) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleGemmShapes.MR;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NR;
import static dev.rnn4j.ops.simd.DoubleGemmBlocked.gemmBlocked;
import static dev.rnn4j.ops.simd.DoubleElementwise.add;

import dev.rnn4j.ops.scalar.ArrayTensorOps;

/**
 * The GEMM driver: the shape cases (empty, depth 0, one row or column as a matrix-vector
 * product) and the split of a large product over the {@link WorkerPool}; each part runs {@link
 * DoubleGemmBlocked#gemmBlocked} on the calling thread.
 *
 * <p>Products of at least {@value #PARALLEL_MIN_WORK} multiply-adds are split: along k when k is
 * at least {@value #SPLIT_K_MIN_RATIO} times m and n (the extra parts accumulate partial products
 * that are then added to C), otherwise along n or m, whichever makes every part repeat the cheaper
 * packing (see split).
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleGemm {
  /** A product with at least this many multiply-adds is split over the pool. */
  static final long PARALLEL_MIN_WORK = 1L << 21;
  /** A parallel product with k at least this many times max(m, n) is split along k. */
  static final int SPLIT_K_MIN_RATIO = 4;
  /** The largest m x n (the size of a partial product, one per extra thread) split along k. */
  static final int SPLIT_K_MAX_MN = 1 << 16;

  private final WorkerPool pool;
  private final DoubleGemv gemv;

  /**
   * @param pool the threads large products may use
   * @param gemv the matrix-vector products (for products of one row or one column)
   */
  DoubleGemm(WorkerPool pool, DoubleGemv gemv) {
    this.pool = pool;
    this.gemv = gemv;
  }

  /** {@code C = alpha op(A) op(B) + beta C} (beta 0: old C ignored), as {@code DoubleKernels}. */
  void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      scaleMatrix(m, n, beta, c, cOff, ldc);
      return;
    }
    if (m == 1 || n == 1) {
      gemmAsGemv(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    int threads = pool.threads();
    int split = split(transA, transB, m, n, k);
    if (split == SERIAL) {
      gemmBlocked(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    if (split == SPLIT_K) {
      gemmSplitK(threads, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c,
          cOff, ldc);
      return;
    }
    boolean splitN = split == SPLIT_N;
    int dim = splitN ? n : m;
    int chunk = splitChunk(dim, threads, splitN ? NR : MR);
    int parts = (dim + chunk - 1) / chunk;
    pool.run(parts, part -> {
      int start = part * chunk;
      int len = Math.min(chunk, dim - start);
      if (splitN) {
        gemmBlocked(transA, transB, m, len, k, alpha, a, aOff, lda,
            b, bOff + (transB ? start * ldb : start), ldb, beta, c, cOff + start, ldc);
      } else {
        gemmBlocked(transA, transB, len, n, k, alpha, a, aOff + (transA ? start : start * lda), lda,
            b, bOff, ldb, beta, c, cOff + start * ldc, ldc);
      }
    });
  }

  /** How {@link #gemm} shares out a product of at least two rows and two columns (see split). */
  private static final int SERIAL = 0;
  private static final int SPLIT_K = 1;
  private static final int SPLIT_N = 2;
  private static final int SPLIT_M = 3;

  /**
   * @return how {@link #gemm} splits an {@code m x n x k} product (m, n &gt;= 2, k &gt;= 1) over the
   *     pool: not at all when small, along k when deep with a small result, else along n or m,
   *     whichever makes the parts repeat less packing
   */
  private int split(boolean transA, boolean transB, int m, int n, int k) {
    if (pool.threads() == 1 || (long) m * n * k < PARALLEL_MIN_WORK) {
      return SERIAL;
    }
    if (k >= SPLIT_K_MIN_RATIO * Math.max(m, n) && (long) m * n <= SPLIT_K_MAX_MN) {
      return SPLIT_K;
    }
    // Split along n, every part packs all of op(A); along m, all of op(B). Repeat the cheaper
    // packing: per element, packing op(A) = A (a transposing copy into k-major panels) or op(B) =
    // B^T costs about twice a copy of contiguous rows (sgemm 1024^2 on one thread: 4.9% of its
    // time packing A, 2.4% packing B, as many elements). So a square NN product splits along m
    // (two threads, sgemm 1024^2: 2-23% faster than along n in 14 of 16 alternations on JDK 17
    // and 25, rnn-bench/results/2026-12-07-gemm-split-by-packing.csv).
    long repeatedIfSplitN = (long) m * (transA ? 1 : 2);
    long repeatedIfSplitM = (long) n * (transB ? 2 : 1);
    return repeatedIfSplitN <= repeatedIfSplitM ? SPLIT_N : SPLIT_M;
  }

  /** {@link #gemm} without splitting the work over the pool (for use inside a part). */
  private void gemmOnThisThread(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c,
      int cOff, int ldc) {
    if (m == 1 || n == 1) {
      gemmAsGemv(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    } else {
      gemmBlocked(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
  }

  /** @return the length of each part (the last may be shorter) when {@code dim} is split */
  private static int splitChunk(int dim, int threads, int unit) {
    return ((dim + threads - 1) / threads + unit - 1) / unit * unit;
  }

  /**
   * @return whether {@link #gemm} splits the forward product {@code x w^T} of a linear layer
   *     ({@code rows x in} times {@code (out x in)^T}) over the threads by the rows of w; then
   *     {@link #linearBackwardStep} splits the same way
   */
  boolean splitsRowsOfW(int rows, int out, int in) {
    return rows > 1 && out > 1 && in > 0 && split(false, true, rows, out, in) == SPLIT_N;
  }

  /**
   * {@code FusedLinearStep.linearBackwardStep} on arrays, for a layer whose forward product is split by
   * the rows of w ({@link #splitsRowsOfW}): {@code dx = dy w + beta dx} with w as on entry, then
   * {@code w += step dy^T x} (dy {@code rows x out}, x and dx {@code rows x in}, w {@code out x
   * in}, all contiguous).
   *
   * <p>The rows of w are split exactly as {@link #gemm} splits the columns of {@code x w^T}, so
   * each thread steps the rows whose products it computed in the forward pass; when its share of w
   * fits its core's cache (the 8000 x 100 output layer of a word model, 1.6 MB per core in
   * float32) it stays there from one sequence to the next. Part 0 accumulates into dx, the others
   * into zeroed partial products that are then added in part order.
   */
  void linearBackwardStep(int rows, int out, int in, double[] dy, int dyOff, double[] x, int xOff,
      double step, double[] w, int wOff, double beta, double[] dx, int dxOff) {
    int chunk = splitChunk(out, pool.threads(), NR);
    int parts = (out + chunk - 1) / chunk;
    int size = rows * in;
    double[] partial = DoubleBuffers.get().partial((parts - 1) * size);
    pool.run(parts, part -> {
      int lo = part * chunk;
      int hi = Math.min(out, lo + chunk);
      if (part == 0) {
        stepRows(rows, out, in, lo, hi, dy, dyOff, x, xOff, step, w, wOff, beta, dx, dxOff);
      } else {
        stepRows(rows, out, in, lo, hi, dy, dyOff, x, xOff, step, w, wOff, 0, partial,
            (part - 1) * size);
      }
    });
    for (int part = 1; part < parts; part++) {
      add(size, partial, (part - 1) * size, dx, dxOff);
    }
  }

  /**
   * Rows {@code [lo, hi)} of w on the calling thread, in the blocks and order of the default
   * {@code FusedLinearStep.linearBackwardStep}: each block multiplied into dx, then stepped.
   */
  private void stepRows(int rows, int out, int in, int lo, int hi, double[] dy, int dyOff,
      double[] x, int xOff, double step, double[] w, int wOff, double beta, double[] dx,
      int dxOff) {
    if (lo == hi) {
      scaleMatrix(rows, in, beta, dx, dxOff, in);
      return;
    }
    int block = Math.max(1, ArrayTensorOps.LINEAR_STEP_BLOCK_ELEMENTS / Math.max(1, in));
    int last = (hi - lo - 1) / block;
    for (int bi = last; bi >= 0; bi--) {
      int r0 = lo + bi * block;
      int len = Math.min(block, hi - r0);
      gemmOnThisThread(false, false, rows, in, len, 1, dy, dyOff + r0, out, w, wOff + r0 * in, in,
          bi == last ? beta : 1, dx, dxOff, in);
      gemmOnThisThread(true, false, len, in, rows, step, dy, dyOff + r0, out, x, xOff, in, 1, w,
          wOff + r0 * in, in);
    }
  }

  /**
   * A deep product (k much larger than m and n, e.g. {@code dS = dO V} with k the vocabulary)
   * split over the threads along k: part 0 accumulates into C, the others into zeroed partial
   * products, which are then added to C. Split along n or m, a width such as 100 divides unevenly
   * into strips of NR (64 + 36 columns) and every part would pack all of op(A).
   */
  private void gemmSplitK(int threads, boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    int chunk = (k + threads - 1) / threads;
    int parts = (k + chunk - 1) / chunk;
    int mn = m * n;
    double[] partial = DoubleBuffers.get().partial((parts - 1) * mn);
    pool.run(parts, part -> {
      int p0 = part * chunk;
      int len = Math.min(chunk, k - p0);
      int ai = aOff + (transA ? p0 * lda : p0);
      int bi = bOff + (transB ? p0 : p0 * ldb);
      if (part == 0) {
        gemmBlocked(transA, transB, m, n, len, alpha, a, ai, lda, b, bi, ldb, beta, c, cOff, ldc);
      } else {
        gemmBlocked(transA, transB, m, n, len, alpha, a, ai, lda, b, bi, ldb, 0, partial,
            (part - 1) * mn, n);
      }
    });
    for (int part = 1; part < parts; part++) {
      for (int i = 0; i < m; i++) {
        add(n, partial, (part - 1) * mn + i * n, c, cOff + i * ldc);
      }
    }
  }

  private static void scaleMatrix(int m, int n, double beta, double[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int r = cOff + i * ldc;
      if (beta == 0) {
        java.util.Arrays.fill(c, r, r + n, (double) 0);
      } else {
        for (int j = 0; j < n; j++) {
          c[r + j] *= beta;
        }
      }
    }
  }

  /** One row or one column of C: a matrix-vector product, with strided vectors gathered. */
  private void gemmAsGemv(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    DoubleBuffers buf = DoubleBuffers.get();
    if (m == 1) {
      boolean gather = transA && lda != 1;
      double[] x = gather ? copy(k, a, aOff, lda, buf.x(k)) : a;
      int xOff = gather ? 0 : aOff;
      // row of C = op(B)^T x
      if (transB) {
        gemv.gemv(false, n, k, alpha, b, bOff, ldb, x, xOff, beta, c, cOff);
      } else {
        gemv.gemv(true, k, n, alpha, b, bOff, ldb, x, xOff, beta, c, cOff);
      }
      return;
    }
    boolean gather = !transB && ldb != 1;
    double[] x = gather ? copy(k, b, bOff, ldb, buf.x(k)) : b;
    int xOff = gather ? 0 : bOff;
    double[] y = c;
    int yOff = cOff;
    if (ldc != 1) {
      y = buf.y(m);
      yOff = 0;
      if (beta != 0) {
        copy(m, c, cOff, ldc, y);
      }
    }
    if (transA) {
      gemv.gemv(true, k, m, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    } else {
      gemv.gemv(false, m, k, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }
    for (int i = 0; y != c && i < m; i++) {
      c[cOff + i * ldc] = y[i];
    }
  }

  /** @return {@code to}, holding {@code from[off + i * stride]} at i for i &lt; n */
  private static double[] copy(int n, double[] from, int off, int stride, double[] to) {
    for (int i = 0; i < n; i++) {
      to[i] = from[off + i * stride];
    }
    return to;
  }
}

// TEMPLATE: the float version (FloatSimdKernels) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import dev.rnn4j.api.ops.Activation;
import dev.rnn4j.ops.scalar.ArrayTensorOps;
import dev.rnn4j.ops.scalar.DoubleKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DoubleKernels} on {@code jdk.incubator.vector}, with the platform's preferred vector width.
 * Every kernel is a vector body plus a scalar tail; arguments are trusted (see {@link
 * dev.rnn4j.api.ops.TensorOps}).
 *
 * <p>GEMM packs {@code op(A)} into panels of {@value #MR} rows and {@code op(B)} into panels of
 * two vectors of columns ({@code NR}), blocked for the caches ({@value #KC} x {@value #MC} for A,
 * {@value #KC} x {@value #NC} for B), and runs a register-blocked micro-kernel: 12 vector
 * accumulators, A broadcast, two loads of packed B per step of k. With at most {@value
 * #DIRECT_B_MAX_M} rows and {@code op(B) = B}, full strips of B are read in place, unpacked,
 * and so is A when {@code op(A) = A} (the kernel broadcasts from MR rows of A in place; row
 * counts that are multiples of 5 but not of 6 run in strips of 5). A last strip of at most L
 * columns (L = vector length) runs a one-vector micro-kernel (with A and B in place, that strip is
 * packed only L wide). With {@code op(A) = A^T} and a depth of at most {@value #SHORT_K} (the
 * fused update of an output layer, {@code V += -lr dO^T S}), A is read in place too, and alpha
 * goes into the packed B; otherwise alpha goes into the packed A. A full tile of the packed
 * kernels starts from {@code beta * C} and is stored straight back.
 *
 * <p>With at most {@value #NT_MAX_M} rows and {@code op(B) = B^T} (a language model's output
 * layer, {@code S V^T} with V the vocabulary x hidden weights) packing would be a scalar
 * transposing copy of all of B per call; the product runs instead as {@code C^T = B op(A)^T}:
 * op(A)^T is packed into one to three panels of L columns (L = vector length) per block of
 * {@value #KC_NT} of k, the micro-kernel broadcasts elements of {@value #MR_NT} (three panels:
 * {@value #MR_NT3}) rows of B read in place and accumulates against the panels, and the products
 * of {@value #NB_NT} rows of B are buffered then stored transposed into C by vector gathers.
 *
 * <p>A product with one row or one column runs as a matrix-vector product. Products of at least
 * {@value #PARALLEL_MIN_WORK} multiply-adds are split over the {@link WorkerPool}: along k
 * when k is at least {@value #SPLIT_K_MIN_RATIO} times m and n (the extra parts accumulate
 * partial products that are then added to C), otherwise along the larger of n and m.
 *
 * <p>The softmax, {@code tanh} and {@code sigmoid} use a vectorised {@code exp} (Cody-Waite
 * reduction, then Cephes' Padé form in float64 and Cephes' expf polynomial in float32, see {@link
 * VectorBits#expReduced}) and, for tanh near zero, Cephes' rational approximation. Maximum error
 * of the vector tanh against {@link Math#tanh}, measured on 2^18 points over [-20, 20]: float64
 * 3.3e-16 absolute (1.5 ulp of 1), 4.5e-16 relative; float32 8.8e-8 absolute (1.5 ulp of 1),
 * 1.4e-7 relative. {@code SimdTanhAccuracyTest} holds it to 2 ulp of 1 absolute in both.
 *
 * <p>Thread-safe: packing buffers are per thread.
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleSimdKernels implements DoubleKernels {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  static final int MR = 6;
  static final int NR = 2 * L;
  static final int KC = 256;
  static final int MC = 144;
  static final int NC = 1024;
  /** Products of at most this depth walk C by strips of rows (see gemmBlocked). */
  static final int SHORT_K = 64;
  static final long PARALLEL_MIN_WORK = 1L << 21;
  /** A product with {@code op(B) = B} and at most this many rows reads B in place, unpacked. */
  static final int DIRECT_B_MAX_M = 64;
  /**
   * A product with {@code op(B) = B^T} and at most this many rows runs as {@code C^T = B op(A)^T}
   * with B read in place (see {@link #gemmNtFewRows}).
   */
  static final int NT_MAX_M = 64;
  /**
   * Depth of one block of the few-row NT path: the packed panels (at most 3 L x KC_NT elements)
   * are read again for every group of rows of B, so they should stay in the near caches.
   */
  static final int KC_NT = 256;
  /** Rows of B per micro-kernel call of the few-row NT path, with one or two panels of A. */
  static final int MR_NT = 12;
  /** Rows of B per micro-kernel call of the few-row NT path, with three panels of A. */
  static final int MR_NT3 = 8;
  /**
   * Rows of B per block of the few-row NT path: their products are collected in a buffer before
   * being stored transposed into C, so that the transposing loads do not follow the vector stores
   * of the same data at once (storing each tile at once measured slower) and each row of C
   * receives a longer run.
   */
  static final int NB_NT = 96;
  /** A parallel product with k at least this many times max(m, n) is split along k. */
  static final int SPLIT_K_MIN_RATIO = 4;
  /** The largest m x n (the size of a partial product, one per extra thread) split along k. */
  static final int SPLIT_K_MAX_MN = 1 << 16;
  /** A matrix-vector product with at least this many multiply-adds is split over the pool. */
  static final long PARALLEL_MIN_GEMV = 1L << 19;
  /**
   * A packed matrix-vector product with at least this many multiply-adds is split over the pool:
   * lower than for {@link #PARALLEL_MIN_GEMV}, since each thread keeps its panels in its own cache
   * from call to call (a 512 x 512 recurrent weight: half of it per core, every step).
   */
  static final long PARALLEL_MIN_PACKED_GEMV = 1L << 16;
  /** A softmax over at least this many elements is split over the pool by rows. */
  static final int PARALLEL_MIN_SOFTMAX = 1 << 16;
  /** An axpy at least this long is split over the pool. */
  static final int PARALLEL_MIN_AXPY = 1 << 18;
  private static final int PACK_A_SIZE = ((MC + MR - 1) / MR) * MR * KC;
  private static final int PACK_B_SIZE = ((NC + NR - 1) / NR) * NR * KC;

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private final WorkerPool pool;

  /** @param pool the threads large products may use (its size 1 means the caller only) */
  DoubleSimdKernels(WorkerPool pool) {
    this.pool = pool;
  }

  /** Per-thread packing and scratch buffers. */
  private static final class Buffers {
    final double[] packA = new double[PACK_A_SIZE];
    final double[] packB = new double[PACK_B_SIZE];
    final double[] tile = new double[MR * NR];
    /** The few-row NT path's products of NB_NT rows of B, before their transposed store. */
    final double[] tileT = new double[NB_NT * 3 * L];
    /** Gather indices 0, w, 2w, .. for reading tileT with w = L, 2L, 3L columns. */
    final int[][] gather = new int[3][L];
    double[] packAT = new double[64];
    double[] partial = new double[64];
    double[] x = new double[64];
    double[] y = new double[64];

    Buffers() {
      for (int p = 0; p < 3; p++) {
        for (int i = 0; i < L; i++) {
          gather[p][i] = i * (p + 1) * L;
        }
      }
    }

    double[] packAT(int size) {
      if (packAT.length < size) {
        packAT = new double[size];
      }
      return packAT;
    }

    double[] partial(int size) {
      if (partial.length < size) {
        partial = new double[size];
      }
      return partial;
    }

    double[] x(int size) {
      if (x.length < size) {
        x = new double[size];
      }
      return x;
    }

    double[] y(int size) {
      if (y.length < size) {
        y = new double[size];
      }
      return y;
    }
  }

  // ================================================================ GEMM

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
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
    int split = split(m, n, k);
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
   *     pool: not at all when small, along k when deep with a small result, else along the larger
   *     of n and m
   */
  private int split(int m, int n, int k) {
    if (pool.threads() == 1 || (long) m * n * k < PARALLEL_MIN_WORK) {
      return SERIAL;
    }
    if (k >= SPLIT_K_MIN_RATIO * Math.max(m, n) && (long) m * n <= SPLIT_K_MAX_MN) {
      return SPLIT_K;
    }
    return n >= m ? SPLIT_N : SPLIT_M;
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
    return rows > 1 && out > 1 && in > 0 && split(rows, out, in) == SPLIT_N;
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
    double[] partial = BUFFERS.get().partial((parts - 1) * size);
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
    double[] partial = BUFFERS.get().partial((parts - 1) * mn);
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
    Buffers buf = BUFFERS.get();
    if (m == 1) {
      double[] x = a;
      int xOff = aOff;
      if (transA && lda != 1) {
        x = buf.x(k);
        xOff = 0;
        for (int p = 0; p < k; p++) {
          x[p] = a[aOff + p * lda];
        }
      }
      // row of C = op(B)^T x
      if (transB) {
        gemv(false, n, k, alpha, b, bOff, ldb, x, xOff, beta, c, cOff);
      } else {
        gemv(true, k, n, alpha, b, bOff, ldb, x, xOff, beta, c, cOff);
      }
      return;
    }
    double[] x = b;
    int xOff = bOff;
    if (!transB && ldb != 1) {
      x = buf.x(k);
      xOff = 0;
      for (int p = 0; p < k; p++) {
        x[p] = b[bOff + p * ldb];
      }
    }
    double[] y = c;
    int yOff = cOff;
    if (ldc != 1) {
      y = buf.y(m);
      yOff = 0;
      if (beta != 0) {
        for (int i = 0; i < m; i++) {
          y[i] = c[cOff + i * ldc];
        }
      }
    }
    if (transA) {
      gemv(true, k, m, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    } else {
      gemv(false, m, k, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }
    if (y != c) {
      for (int i = 0; i < m; i++) {
        c[cOff + i * ldc] = y[i];
      }
    }
  }

  private static void gemmBlocked(boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    if (transB && m <= NT_MAX_M) {
      gemmNtFewRows(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    Buffers buf = BUFFERS.get();
    double[] ap = buf.packA;
    double[] bp = buf.packB;
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
        if (inPlaceAT) {
          packB(transB, b, bOff, ldb, pc, kc, jc, nc, alpha, bp);
        } else if (!directB) {
          packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
        } else if (directA && nc - full <= L) {
          packNarrow(b, bOff, ldb, pc, kc, jc + full, nc - full, bp);
        } else if (full < nc) {
          packB(false, b, bOff, ldb, pc, kc, jc + full, nc - full, bp);
        }
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          if (!directA && !inPlaceAT) {
            packA(transA, a, aOff, lda, ic, mc, pc, kc, alpha, ap);
          }
          // Short depth (k up to SHORT_K, e.g. dV = dO^T S over one sequence): each tile does
          // little arithmetic per element of C it reads and writes, so walk C strip of rows by
          // strip of rows, front to back in memory, which the prefetcher follows; otherwise the
          // usual order, a panel of B against every strip of A.
          boolean rowsOuter = kc <= SHORT_K;
          int panelsJ = (nc + NR - 1) / NR;
          // With A read in place, rows need not come in strips of MR: 20 or 25 rows (dS = dO V
          // over T = 20 or 25 steps) run as strips of 5, which waste no rows, rather than 6, 6,
          // 6 and 2.
          int mr = directA && mc % MR != 0 && mc % 5 == 0 ? 5 : MR;
          int stripsI = (mc + mr - 1) / mr;
          for (int outer = 0, outerEnd = rowsOuter ? stripsI : panelsJ; outer < outerEnd; outer++) {
            for (int inner = 0, innerEnd = rowsOuter ? panelsJ : stripsI; inner < innerEnd; inner++) {
              int jr = (rowsOuter ? inner : outer) * NR;
              int ir = (rowsOuter ? outer : inner) * mr;
              int cols = Math.min(NR, nc - jr);
              boolean direct = directB && jr < full;
              int bIdx = direct ? bOff + pc * ldb + jc + jr : (directB ? 0 : jr * kc);
              int rows = Math.min(mr, mc - ir);
              int ci = cOff + (ic + ir) * ldc + jc + jr;
              if (inPlaceAT && cols <= L) {
                microKernelInPlaceANarrow(kc, a, aOff + pc * lda + ic + ir, 1, lda, bp, bIdx, NR, c,
                    ci, ldc, rows, cols, 1, betaEff, buf.tile);
              } else if (inPlaceAT) {
                microKernelInPlaceA(kc, a, aOff + pc * lda + ic + ir, 1, lda, bp, bIdx, NR, c, ci,
                    ldc, rows, cols, 1, betaEff, true, buf.tile);
              } else if (directA && !direct && cols <= L) {
                microKernelInPlaceANarrow(kc, a, aOff + (ic + ir) * lda + pc, lda, 1, bp, 0, L, c,
                    ci, ldc, rows, cols, alpha, betaEff, buf.tile);
              } else if (directA && mr == 5 && cols == NR) {
                microKernelDirectA5(kc, a, aOff + (ic + ir) * lda + pc, lda, direct ? b : bp, bIdx,
                    direct ? ldb : NR, c, ci, ldc, alpha, betaEff, buf.tile);
              } else if (directA) {
                microKernelInPlaceA(kc, a, aOff + (ic + ir) * lda + pc, lda, 1, direct ? b : bp,
                    bIdx, direct ? ldb : NR, c, ci, ldc, rows, cols, alpha, betaEff, false,
                    buf.tile);
              } else if (direct) {
                microKernel(kc, ap, ir * kc, b, bIdx, ldb, c, ci, ldc, rows, cols, betaEff,
                    buf.tile);
              } else if (cols <= L) {
                microKernelNarrow(kc, ap, ir * kc, bp, bIdx, c, ci, ldc, rows, cols, betaEff,
                    buf.tile);
              } else {
                microKernel(kc, ap, ir * kc, bp, bIdx, NR, c, ci, ldc, rows, cols, betaEff,
                    buf.tile);
              }
            }
          }
        }
      }
    }
  }

  // ------------------------------------------------ few rows, op(B) = B^T

  /**
   * C = alpha * op(A) B^T + beta * C with few rows (m &lt;= {@value #NT_MAX_M}), computed as
   * {@code C^T = B op(A)^T}. The general path would pack B^T, a scalar transposing copy of all
   * of B (the n x k one, e.g. an output layer's whole weight matrix) on every call, for only a
   * few rows of products per copied element; here B is read in place instead: the micro-kernel
   * broadcasts elements of {@link #MR_NT} rows of B and multiplies them with vectors of the small
   * op(A)^T, packed once per block of k into one to three panels of L columns (L = vector
   * length, along the rows of C). The products of {@value #NB_NT} rows of B are collected, then
   * stored transposed into C (vector gathers from the buffer): a transposition of the m x n
   * elements of C, which are k / m times fewer than the elements of B the general path
   * transposes.
   */
  private static void gemmNtFewRows(boolean transA, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    Buffers buf = BUFFERS.get();
    double[] tile = buf.tileT;
    for (int pc = 0; pc < k; pc += KC_NT) {
      int kc = Math.min(KC_NT, k - pc);
      double betaEff = pc == 0 ? beta : 1;
      int i0 = 0;
      while (i0 < m) {
        // Up to three panels of L rows of C at a time (registers: 3 x 8 accumulators); four
        // panels left run as two and two, which wastes no more lanes than three and one.
        int panels = (m - i0 + L - 1) / L;
        int p = panels <= 3 ? panels : panels == 4 ? 2 : 3;
        int w = p * L;
        int mi = Math.min(w, m - i0);
        double[] ap = buf.packAT(w * kc);
        packAT(transA, a, aOff, lda, i0, mi, w, pc, kc, ap);
        int mr = p == 3 ? MR_NT3 : MR_NT;
        for (int jb = 0; jb < n; jb += NB_NT) {
          int nb = Math.min(NB_NT, n - jb);
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
        }
        i0 += mi;
      }
    }
  }

  /** Packs op(A)[i0 .. i0+mi) x [p0 .. p0+kc) transposed: ap[p * w + q], zero-padded to w. */
  private static void packAT(boolean transA, double[] a, int aOff, int lda, int i0, int mi, int w,
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
   * tile[t + r * L + q] = sum_p B[row r][p] * ap[p * L + q] for MR_NT rows of B from {@code bi},
   * {@code ldb} apart (rows past {@code rows} repeat the last one; their results are unused).
   */
  private static void ntKernel1(int kc, double[] ap, double[] b, int bi, int ldb, int rows,
      double[] tile, int t) {
    int last = rows - 1;
    int b0 = bi;
    int b1 = bi + Math.min(1, last) * ldb;
    int b2 = bi + Math.min(2, last) * ldb;
    int b3 = bi + Math.min(3, last) * ldb;
    int b4 = bi + Math.min(4, last) * ldb;
    int b5 = bi + Math.min(5, last) * ldb;
    int b6 = bi + Math.min(6, last) * ldb;
    int b7 = bi + Math.min(7, last) * ldb;
    int b8 = bi + Math.min(8, last) * ldb;
    int b9 = bi + Math.min(9, last) * ldb;
    int b10 = bi + Math.min(10, last) * ldb;
    int b11 = bi + Math.min(11, last) * ldb;
    DoubleVector c0 = DoubleVector.zero(S);
    DoubleVector c1 = c0;
    DoubleVector c2 = c0;
    DoubleVector c3 = c0;
    DoubleVector c4 = c0;
    DoubleVector c5 = c0;
    DoubleVector c6 = c0;
    DoubleVector c7 = c0;
    DoubleVector c8 = c0;
    DoubleVector c9 = c0;
    DoubleVector c10 = c0;
    DoubleVector c11 = c0;
    for (int p = 0; p < kc; p++) {
      DoubleVector v = DoubleVector.fromArray(S, ap, p * L);
      c0 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b0 + p]), c0);
      c1 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b1 + p]), c1);
      c2 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b2 + p]), c2);
      c3 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b3 + p]), c3);
      c4 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b4 + p]), c4);
      c5 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b5 + p]), c5);
      c6 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b6 + p]), c6);
      c7 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b7 + p]), c7);
      c8 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b8 + p]), c8);
      c9 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b9 + p]), c9);
      c10 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b10 + p]), c10);
      c11 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b11 + p]), c11);
    }
    c0.intoArray(tile, t);
    c1.intoArray(tile, t + L);
    c2.intoArray(tile, t + 2 * L);
    c3.intoArray(tile, t + 3 * L);
    c4.intoArray(tile, t + 4 * L);
    c5.intoArray(tile, t + 5 * L);
    c6.intoArray(tile, t + 6 * L);
    c7.intoArray(tile, t + 7 * L);
    c8.intoArray(tile, t + 8 * L);
    c9.intoArray(tile, t + 9 * L);
    c10.intoArray(tile, t + 10 * L);
    c11.intoArray(tile, t + 11 * L);
  }

  /** {@link #ntKernel1} with two panels: tile[t + r * 2L + q], ap[p * 2L + q]. */
  private static void ntKernel2(int kc, double[] ap, double[] b, int bi, int ldb, int rows,
      double[] tile, int t) {
    int last = rows - 1;
    int b0 = bi;
    int b1 = bi + Math.min(1, last) * ldb;
    int b2 = bi + Math.min(2, last) * ldb;
    int b3 = bi + Math.min(3, last) * ldb;
    int b4 = bi + Math.min(4, last) * ldb;
    int b5 = bi + Math.min(5, last) * ldb;
    int b6 = bi + Math.min(6, last) * ldb;
    int b7 = bi + Math.min(7, last) * ldb;
    int b8 = bi + Math.min(8, last) * ldb;
    int b9 = bi + Math.min(9, last) * ldb;
    int b10 = bi + Math.min(10, last) * ldb;
    int b11 = bi + Math.min(11, last) * ldb;
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c30 = c00;
    DoubleVector c31 = c00;
    DoubleVector c40 = c00;
    DoubleVector c41 = c00;
    DoubleVector c50 = c00;
    DoubleVector c51 = c00;
    DoubleVector c60 = c00;
    DoubleVector c61 = c00;
    DoubleVector c70 = c00;
    DoubleVector c71 = c00;
    DoubleVector c80 = c00;
    DoubleVector c81 = c00;
    DoubleVector c90 = c00;
    DoubleVector c91 = c00;
    DoubleVector ca0 = c00;
    DoubleVector ca1 = c00;
    DoubleVector cb0 = c00;
    DoubleVector cb1 = c00;
    for (int p = 0; p < kc; p++) {
      DoubleVector v0 = DoubleVector.fromArray(S, ap, 2 * p * L);
      DoubleVector v1 = DoubleVector.fromArray(S, ap, 2 * p * L + L);
      DoubleVector x = DoubleVector.broadcast(S, b[b0 + p]);
      c00 = v0.lanewise(VectorOperators.FMA, x, c00);
      c01 = v1.lanewise(VectorOperators.FMA, x, c01);
      x = DoubleVector.broadcast(S, b[b1 + p]);
      c10 = v0.lanewise(VectorOperators.FMA, x, c10);
      c11 = v1.lanewise(VectorOperators.FMA, x, c11);
      x = DoubleVector.broadcast(S, b[b2 + p]);
      c20 = v0.lanewise(VectorOperators.FMA, x, c20);
      c21 = v1.lanewise(VectorOperators.FMA, x, c21);
      x = DoubleVector.broadcast(S, b[b3 + p]);
      c30 = v0.lanewise(VectorOperators.FMA, x, c30);
      c31 = v1.lanewise(VectorOperators.FMA, x, c31);
      x = DoubleVector.broadcast(S, b[b4 + p]);
      c40 = v0.lanewise(VectorOperators.FMA, x, c40);
      c41 = v1.lanewise(VectorOperators.FMA, x, c41);
      x = DoubleVector.broadcast(S, b[b5 + p]);
      c50 = v0.lanewise(VectorOperators.FMA, x, c50);
      c51 = v1.lanewise(VectorOperators.FMA, x, c51);
      x = DoubleVector.broadcast(S, b[b6 + p]);
      c60 = v0.lanewise(VectorOperators.FMA, x, c60);
      c61 = v1.lanewise(VectorOperators.FMA, x, c61);
      x = DoubleVector.broadcast(S, b[b7 + p]);
      c70 = v0.lanewise(VectorOperators.FMA, x, c70);
      c71 = v1.lanewise(VectorOperators.FMA, x, c71);
      x = DoubleVector.broadcast(S, b[b8 + p]);
      c80 = v0.lanewise(VectorOperators.FMA, x, c80);
      c81 = v1.lanewise(VectorOperators.FMA, x, c81);
      x = DoubleVector.broadcast(S, b[b9 + p]);
      c90 = v0.lanewise(VectorOperators.FMA, x, c90);
      c91 = v1.lanewise(VectorOperators.FMA, x, c91);
      x = DoubleVector.broadcast(S, b[b10 + p]);
      ca0 = v0.lanewise(VectorOperators.FMA, x, ca0);
      ca1 = v1.lanewise(VectorOperators.FMA, x, ca1);
      x = DoubleVector.broadcast(S, b[b11 + p]);
      cb0 = v0.lanewise(VectorOperators.FMA, x, cb0);
      cb1 = v1.lanewise(VectorOperators.FMA, x, cb1);
    }
    int w = 2 * L;
    c00.intoArray(tile, t);
    c01.intoArray(tile, t + L);
    c10.intoArray(tile, t + w);
    c11.intoArray(tile, t + w + L);
    c20.intoArray(tile, t + 2 * w);
    c21.intoArray(tile, t + 2 * w + L);
    c30.intoArray(tile, t + 3 * w);
    c31.intoArray(tile, t + 3 * w + L);
    c40.intoArray(tile, t + 4 * w);
    c41.intoArray(tile, t + 4 * w + L);
    c50.intoArray(tile, t + 5 * w);
    c51.intoArray(tile, t + 5 * w + L);
    c60.intoArray(tile, t + 6 * w);
    c61.intoArray(tile, t + 6 * w + L);
    c70.intoArray(tile, t + 7 * w);
    c71.intoArray(tile, t + 7 * w + L);
    c80.intoArray(tile, t + 8 * w);
    c81.intoArray(tile, t + 8 * w + L);
    c90.intoArray(tile, t + 9 * w);
    c91.intoArray(tile, t + 9 * w + L);
    ca0.intoArray(tile, t + 10 * w);
    ca1.intoArray(tile, t + 10 * w + L);
    cb0.intoArray(tile, t + 11 * w);
    cb1.intoArray(tile, t + 11 * w + L);
  }

  /** {@link #ntKernel1} with three panels, MR_NT3 rows: tile[t + r * 3L + q], ap[p * 3L + q]. */
  private static void ntKernel3(int kc, double[] ap, double[] b, int bi, int ldb, int rows,
      double[] tile, int t) {
    int last = rows - 1;
    int b0 = bi;
    int b1 = bi + Math.min(1, last) * ldb;
    int b2 = bi + Math.min(2, last) * ldb;
    int b3 = bi + Math.min(3, last) * ldb;
    int b4 = bi + Math.min(4, last) * ldb;
    int b5 = bi + Math.min(5, last) * ldb;
    int b6 = bi + Math.min(6, last) * ldb;
    int b7 = bi + Math.min(7, last) * ldb;
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00;
    DoubleVector c02 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c12 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c22 = c00;
    DoubleVector c30 = c00;
    DoubleVector c31 = c00;
    DoubleVector c32 = c00;
    DoubleVector c40 = c00;
    DoubleVector c41 = c00;
    DoubleVector c42 = c00;
    DoubleVector c50 = c00;
    DoubleVector c51 = c00;
    DoubleVector c52 = c00;
    DoubleVector c60 = c00;
    DoubleVector c61 = c00;
    DoubleVector c62 = c00;
    DoubleVector c70 = c00;
    DoubleVector c71 = c00;
    DoubleVector c72 = c00;
    for (int p = 0; p < kc; p++) {
      DoubleVector v0 = DoubleVector.fromArray(S, ap, 3 * p * L);
      DoubleVector v1 = DoubleVector.fromArray(S, ap, 3 * p * L + L);
      DoubleVector v2 = DoubleVector.fromArray(S, ap, 3 * p * L + 2 * L);
      DoubleVector x = DoubleVector.broadcast(S, b[b0 + p]);
      c00 = v0.lanewise(VectorOperators.FMA, x, c00);
      c01 = v1.lanewise(VectorOperators.FMA, x, c01);
      c02 = v2.lanewise(VectorOperators.FMA, x, c02);
      x = DoubleVector.broadcast(S, b[b1 + p]);
      c10 = v0.lanewise(VectorOperators.FMA, x, c10);
      c11 = v1.lanewise(VectorOperators.FMA, x, c11);
      c12 = v2.lanewise(VectorOperators.FMA, x, c12);
      x = DoubleVector.broadcast(S, b[b2 + p]);
      c20 = v0.lanewise(VectorOperators.FMA, x, c20);
      c21 = v1.lanewise(VectorOperators.FMA, x, c21);
      c22 = v2.lanewise(VectorOperators.FMA, x, c22);
      x = DoubleVector.broadcast(S, b[b3 + p]);
      c30 = v0.lanewise(VectorOperators.FMA, x, c30);
      c31 = v1.lanewise(VectorOperators.FMA, x, c31);
      c32 = v2.lanewise(VectorOperators.FMA, x, c32);
      x = DoubleVector.broadcast(S, b[b4 + p]);
      c40 = v0.lanewise(VectorOperators.FMA, x, c40);
      c41 = v1.lanewise(VectorOperators.FMA, x, c41);
      c42 = v2.lanewise(VectorOperators.FMA, x, c42);
      x = DoubleVector.broadcast(S, b[b5 + p]);
      c50 = v0.lanewise(VectorOperators.FMA, x, c50);
      c51 = v1.lanewise(VectorOperators.FMA, x, c51);
      c52 = v2.lanewise(VectorOperators.FMA, x, c52);
      x = DoubleVector.broadcast(S, b[b6 + p]);
      c60 = v0.lanewise(VectorOperators.FMA, x, c60);
      c61 = v1.lanewise(VectorOperators.FMA, x, c61);
      c62 = v2.lanewise(VectorOperators.FMA, x, c62);
      x = DoubleVector.broadcast(S, b[b7 + p]);
      c70 = v0.lanewise(VectorOperators.FMA, x, c70);
      c71 = v1.lanewise(VectorOperators.FMA, x, c71);
      c72 = v2.lanewise(VectorOperators.FMA, x, c72);
    }
    int w = 3 * L;
    c00.intoArray(tile, t);
    c01.intoArray(tile, t + L);
    c02.intoArray(tile, t + 2 * L);
    c10.intoArray(tile, t + w);
    c11.intoArray(tile, t + w + L);
    c12.intoArray(tile, t + w + 2 * L);
    c20.intoArray(tile, t + 2 * w);
    c21.intoArray(tile, t + 2 * w + L);
    c22.intoArray(tile, t + 2 * w + 2 * L);
    c30.intoArray(tile, t + 3 * w);
    c31.intoArray(tile, t + 3 * w + L);
    c32.intoArray(tile, t + 3 * w + 2 * L);
    c40.intoArray(tile, t + 4 * w);
    c41.intoArray(tile, t + 4 * w + L);
    c42.intoArray(tile, t + 4 * w + 2 * L);
    c50.intoArray(tile, t + 5 * w);
    c51.intoArray(tile, t + 5 * w + L);
    c52.intoArray(tile, t + 5 * w + 2 * L);
    c60.intoArray(tile, t + 6 * w);
    c61.intoArray(tile, t + 6 * w + L);
    c62.intoArray(tile, t + 6 * w + 2 * L);
    c70.intoArray(tile, t + 7 * w);
    c71.intoArray(tile, t + 7 * w + L);
    c72.intoArray(tile, t + 7 * w + 2 * L);
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

  /**
   * Packs alpha * op(A)[i0 .. i0+mc) x [p0 .. p0+kc) into panels of MR rows, k-major,
   * zero-padded (the kernels on packed A then leave alpha out).
   */
  private static void packA(boolean transA, double[] a, int aOff, int lda, int i0, int mc,
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
  private static void packB(boolean transB, double[] b, int bOff, int ldb, int p0, int kc,
      int j0, int nc, double[] bp) {
    packB(transB, b, bOff, ldb, p0, kc, j0, nc, 1, bp);
  }

  /** {@link #packB} of {@code scale * op(B)}. */
  private static void packB(boolean transB, double[] b, int bOff, int ldb, int p0, int kc,
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
  private static void packNarrow(double[] b, int bOff, int ldb, int p0, int kc, int j0, int cols,
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

  /**
   * C tile (rows x cols, at most MR x NR) = alpha * (packed A panel x B panel) + beta * C (beta 0:
   * old C ignored), the B panel's rows {@code bStep} apart: NR in a packed panel, ldb when B is
   * read in place.
   */
  private static void microKernel(int kc, double[] ap, int ai, double[] bp, int bi, int bStep,
      double[] c, int ci, int ldc, int rows, int cols, double beta, double[] tile) {
    // A full tile starts from beta * C and is stored straight back (alpha is in the packed A):
    // with a short depth (dV = dO^T S over one sequence) the round trip through the tile buffer
    // is a sizeable share of the kernel.
    boolean full = rows == MR && cols == NR;
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c30 = c00;
    DoubleVector c31 = c00;
    DoubleVector c40 = c00;
    DoubleVector c41 = c00;
    DoubleVector c50 = c00;
    DoubleVector c51 = c00;
    if (full && beta != 0) {
      c00 = DoubleVector.fromArray(S, c, ci);
      c01 = DoubleVector.fromArray(S, c, ci + L);
      c10 = DoubleVector.fromArray(S, c, ci + ldc);
      c11 = DoubleVector.fromArray(S, c, ci + ldc + L);
      c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc);
      c21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + L);
      c30 = DoubleVector.fromArray(S, c, ci + 3 * ldc);
      c31 = DoubleVector.fromArray(S, c, ci + 3 * ldc + L);
      c40 = DoubleVector.fromArray(S, c, ci + 4 * ldc);
      c41 = DoubleVector.fromArray(S, c, ci + 4 * ldc + L);
      c50 = DoubleVector.fromArray(S, c, ci + 5 * ldc);
      c51 = DoubleVector.fromArray(S, c, ci + 5 * ldc + L);
      if (beta != 1) {
        c00 = c00.mul(beta);
        c01 = c01.mul(beta);
        c10 = c10.mul(beta);
        c11 = c11.mul(beta);
        c20 = c20.mul(beta);
        c21 = c21.mul(beta);
        c30 = c30.mul(beta);
        c31 = c31.mul(beta);
        c40 = c40.mul(beta);
        c41 = c41.mul(beta);
        c50 = c50.mul(beta);
        c51 = c51.mul(beta);
      }
    }
    for (int p = 0; p < kc; p++) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector a0 = DoubleVector.broadcast(S, ap[ai]);
      c00 = a0.lanewise(VectorOperators.FMA, b0, c00);
      c01 = a0.lanewise(VectorOperators.FMA, b1, c01);
      DoubleVector a1 = DoubleVector.broadcast(S, ap[ai + 1]);
      c10 = a1.lanewise(VectorOperators.FMA, b0, c10);
      c11 = a1.lanewise(VectorOperators.FMA, b1, c11);
      DoubleVector a2 = DoubleVector.broadcast(S, ap[ai + 2]);
      c20 = a2.lanewise(VectorOperators.FMA, b0, c20);
      c21 = a2.lanewise(VectorOperators.FMA, b1, c21);
      DoubleVector a3 = DoubleVector.broadcast(S, ap[ai + 3]);
      c30 = a3.lanewise(VectorOperators.FMA, b0, c30);
      c31 = a3.lanewise(VectorOperators.FMA, b1, c31);
      DoubleVector a4 = DoubleVector.broadcast(S, ap[ai + 4]);
      c40 = a4.lanewise(VectorOperators.FMA, b0, c40);
      c41 = a4.lanewise(VectorOperators.FMA, b1, c41);
      DoubleVector a5 = DoubleVector.broadcast(S, ap[ai + 5]);
      c50 = a5.lanewise(VectorOperators.FMA, b0, c50);
      c51 = a5.lanewise(VectorOperators.FMA, b1, c51);
      ai += MR;
      bi += bStep;
    }
    if (full) {
      c00.intoArray(c, ci);
      c01.intoArray(c, ci + L);
      c10.intoArray(c, ci + ldc);
      c11.intoArray(c, ci + ldc + L);
      c20.intoArray(c, ci + 2 * ldc);
      c21.intoArray(c, ci + 2 * ldc + L);
      c30.intoArray(c, ci + 3 * ldc);
      c31.intoArray(c, ci + 3 * ldc + L);
      c40.intoArray(c, ci + 4 * ldc);
      c41.intoArray(c, ci + 4 * ldc + L);
      c50.intoArray(c, ci + 5 * ldc);
      c51.intoArray(c, ci + 5 * ldc + L);
      return;
    }
    // Spill to the tile buffer rather than pass vectors to a method: a vector that escapes into
    // a call C2 does not inline is boxed, and the boxing can leak into the k loop.
    c00.intoArray(tile, 0);
    c01.intoArray(tile, L);
    c10.intoArray(tile, NR);
    c11.intoArray(tile, NR + L);
    c20.intoArray(tile, 2 * NR);
    c21.intoArray(tile, 2 * NR + L);
    c30.intoArray(tile, 3 * NR);
    c31.intoArray(tile, 3 * NR + L);
    c40.intoArray(tile, 4 * NR);
    c41.intoArray(tile, 4 * NR + L);
    c50.intoArray(tile, 5 * NR);
    c51.intoArray(tile, 5 * NR + L);
    writeTile(tile, c, ci, ldc, rows, cols, 1, beta);
  }

  /**
   * The micro-kernel with A read in place: element p of row r of the strip at {@code ai + min(r,
   * rows - 1) * rowStep + p * depthStep} (rows past {@code rows} repeat the last one; their sums
   * are unused), B at {@code bi + p * bStep} (in place, or packed with step NR). Rows of A: {@code
   * rowStep = lda, depthStep = 1} (dS = dO V); op(A) = A^T: {@code rowStep = 1, depthStep = lda}
   * (dV = dO^T S, alpha then in the packed B). With {@code fromC} (only with alpha 1) a full tile
   * starts from {@code beta * C} and is stored straight back, as in {@link #microKernel}.
   */
  private static void microKernelInPlaceA(int kc, double[] a, int ai, int rowStep,
      int depthStep, double[] bp, int bi, int bStep, double[] c, int ci, int ldc, int rows,
      int cols, double alpha, double beta, boolean fromC, double[] tile) {
    int last = rows - 1;
    int r0 = ai;
    int r1 = ai + Math.min(1, last) * rowStep;
    int r2 = ai + Math.min(2, last) * rowStep;
    int r3 = ai + Math.min(3, last) * rowStep;
    int r4 = ai + Math.min(4, last) * rowStep;
    int r5 = ai + Math.min(5, last) * rowStep;
    // As in microKernel, a full tile can start from beta * C and be stored straight back.
    boolean full = fromC && rows == MR && cols == NR;
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c30 = c00;
    DoubleVector c31 = c00;
    DoubleVector c40 = c00;
    DoubleVector c41 = c00;
    DoubleVector c50 = c00;
    DoubleVector c51 = c00;
    if (full && beta != 0) {
      c00 = DoubleVector.fromArray(S, c, ci);
      c01 = DoubleVector.fromArray(S, c, ci + L);
      c10 = DoubleVector.fromArray(S, c, ci + ldc);
      c11 = DoubleVector.fromArray(S, c, ci + ldc + L);
      c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc);
      c21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + L);
      c30 = DoubleVector.fromArray(S, c, ci + 3 * ldc);
      c31 = DoubleVector.fromArray(S, c, ci + 3 * ldc + L);
      c40 = DoubleVector.fromArray(S, c, ci + 4 * ldc);
      c41 = DoubleVector.fromArray(S, c, ci + 4 * ldc + L);
      c50 = DoubleVector.fromArray(S, c, ci + 5 * ldc);
      c51 = DoubleVector.fromArray(S, c, ci + 5 * ldc + L);
      if (beta != 1) {
        c00 = c00.mul(beta);
        c01 = c01.mul(beta);
        c10 = c10.mul(beta);
        c11 = c11.mul(beta);
        c20 = c20.mul(beta);
        c21 = c21.mul(beta);
        c30 = c30.mul(beta);
        c31 = c31.mul(beta);
        c40 = c40.mul(beta);
        c41 = c41.mul(beta);
        c50 = c50.mul(beta);
        c51 = c51.mul(beta);
      }
    }
    for (int p = 0, off = 0; p < kc; p++, off += depthStep) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector a0 = DoubleVector.broadcast(S, a[r0 + off]);
      c00 = a0.lanewise(VectorOperators.FMA, b0, c00);
      c01 = a0.lanewise(VectorOperators.FMA, b1, c01);
      DoubleVector a1 = DoubleVector.broadcast(S, a[r1 + off]);
      c10 = a1.lanewise(VectorOperators.FMA, b0, c10);
      c11 = a1.lanewise(VectorOperators.FMA, b1, c11);
      DoubleVector a2 = DoubleVector.broadcast(S, a[r2 + off]);
      c20 = a2.lanewise(VectorOperators.FMA, b0, c20);
      c21 = a2.lanewise(VectorOperators.FMA, b1, c21);
      DoubleVector a3 = DoubleVector.broadcast(S, a[r3 + off]);
      c30 = a3.lanewise(VectorOperators.FMA, b0, c30);
      c31 = a3.lanewise(VectorOperators.FMA, b1, c31);
      DoubleVector a4 = DoubleVector.broadcast(S, a[r4 + off]);
      c40 = a4.lanewise(VectorOperators.FMA, b0, c40);
      c41 = a4.lanewise(VectorOperators.FMA, b1, c41);
      DoubleVector a5 = DoubleVector.broadcast(S, a[r5 + off]);
      c50 = a5.lanewise(VectorOperators.FMA, b0, c50);
      c51 = a5.lanewise(VectorOperators.FMA, b1, c51);
      bi += bStep;
    }
    if (full) {
      c00.intoArray(c, ci);
      c01.intoArray(c, ci + L);
      c10.intoArray(c, ci + ldc);
      c11.intoArray(c, ci + ldc + L);
      c20.intoArray(c, ci + 2 * ldc);
      c21.intoArray(c, ci + 2 * ldc + L);
      c30.intoArray(c, ci + 3 * ldc);
      c31.intoArray(c, ci + 3 * ldc + L);
      c40.intoArray(c, ci + 4 * ldc);
      c41.intoArray(c, ci + 4 * ldc + L);
      c50.intoArray(c, ci + 5 * ldc);
      c51.intoArray(c, ci + 5 * ldc + L);
      return;
    }
    // Spill to the tile buffer rather than pass vectors to a method: a vector that escapes into
    // a call C2 does not inline is boxed, and the boxing can leak into the k loop.
    c00.intoArray(tile, 0);
    c01.intoArray(tile, L);
    c10.intoArray(tile, NR);
    c11.intoArray(tile, NR + L);
    c20.intoArray(tile, 2 * NR);
    c21.intoArray(tile, 2 * NR + L);
    c30.intoArray(tile, 3 * NR);
    c31.intoArray(tile, 3 * NR + L);
    c40.intoArray(tile, 4 * NR);
    c41.intoArray(tile, 4 * NR + L);
    c50.intoArray(tile, 5 * NR);
    c51.intoArray(tile, 5 * NR + L);
    writeTile(tile, c, ci, ldc, rows, cols, alpha, beta);
  }

  /**
   * {@link #microKernelInPlaceA} (rows of A) for exactly five rows and {@code NR} columns: ten accumulators, for
   * row counts that are multiples of five but not of {@link #MR}.
   */
  private static void microKernelDirectA5(int kc, double[] a, int ai, int lda, double[] bp, int bi,
      int bStep, double[] c, int ci, int ldc, double alpha, double beta, double[] tile) {
    int a0 = ai;
    int a1 = ai + lda;
    int a2 = ai + 2 * lda;
    int a3 = ai + 3 * lda;
    int a4 = ai + 4 * lda;
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c30 = c00;
    DoubleVector c31 = c00;
    DoubleVector c40 = c00;
    DoubleVector c41 = c00;
    for (int p = 0; p < kc; p++) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
      c00 = x.lanewise(VectorOperators.FMA, b0, c00);
      c01 = x.lanewise(VectorOperators.FMA, b1, c01);
      x = DoubleVector.broadcast(S, a[a1 + p]);
      c10 = x.lanewise(VectorOperators.FMA, b0, c10);
      c11 = x.lanewise(VectorOperators.FMA, b1, c11);
      x = DoubleVector.broadcast(S, a[a2 + p]);
      c20 = x.lanewise(VectorOperators.FMA, b0, c20);
      c21 = x.lanewise(VectorOperators.FMA, b1, c21);
      x = DoubleVector.broadcast(S, a[a3 + p]);
      c30 = x.lanewise(VectorOperators.FMA, b0, c30);
      c31 = x.lanewise(VectorOperators.FMA, b1, c31);
      x = DoubleVector.broadcast(S, a[a4 + p]);
      c40 = x.lanewise(VectorOperators.FMA, b0, c40);
      c41 = x.lanewise(VectorOperators.FMA, b1, c41);
      bi += bStep;
    }
    c00.intoArray(tile, 0);
    c01.intoArray(tile, L);
    c10.intoArray(tile, NR);
    c11.intoArray(tile, NR + L);
    c20.intoArray(tile, 2 * NR);
    c21.intoArray(tile, 2 * NR + L);
    c30.intoArray(tile, 3 * NR);
    c31.intoArray(tile, 3 * NR + L);
    c40.intoArray(tile, 4 * NR);
    c41.intoArray(tile, 4 * NR + L);
    writeTile(tile, c, ci, ldc, 5, NR, alpha, beta);
  }

  /**
   * {@link #microKernelInPlaceA} for a last strip of at most L columns (e.g. 4 of a width of
   * 100), B packed L or NR wide ({@code bStep}): one vector per step instead of two.
   */
  private static void microKernelInPlaceANarrow(int kc, double[] a, int ai, int rowStep,
      int depthStep, double[] bp, int bi, int bStep, double[] c, int ci, int ldc, int rows,
      int cols, double alpha, double beta, double[] tile) {
    int last = rows - 1;
    int r0 = ai;
    int r1 = ai + Math.min(1, last) * rowStep;
    int r2 = ai + Math.min(2, last) * rowStep;
    int r3 = ai + Math.min(3, last) * rowStep;
    int r4 = ai + Math.min(4, last) * rowStep;
    int r5 = ai + Math.min(5, last) * rowStep;
    DoubleVector c0 = DoubleVector.zero(S);
    DoubleVector c1 = c0;
    DoubleVector c2 = c0;
    DoubleVector c3 = c0;
    DoubleVector c4 = c0;
    DoubleVector c5 = c0;
    for (int p = 0, off = 0; p < kc; p++, off += depthStep) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
      c0 = DoubleVector.broadcast(S, a[r0 + off]).lanewise(VectorOperators.FMA, b0, c0);
      c1 = DoubleVector.broadcast(S, a[r1 + off]).lanewise(VectorOperators.FMA, b0, c1);
      c2 = DoubleVector.broadcast(S, a[r2 + off]).lanewise(VectorOperators.FMA, b0, c2);
      c3 = DoubleVector.broadcast(S, a[r3 + off]).lanewise(VectorOperators.FMA, b0, c3);
      c4 = DoubleVector.broadcast(S, a[r4 + off]).lanewise(VectorOperators.FMA, b0, c4);
      c5 = DoubleVector.broadcast(S, a[r5 + off]).lanewise(VectorOperators.FMA, b0, c5);
      bi += bStep;
    }
    c0.intoArray(tile, 0);
    c1.intoArray(tile, NR);
    c2.intoArray(tile, 2 * NR);
    c3.intoArray(tile, 3 * NR);
    c4.intoArray(tile, 4 * NR);
    c5.intoArray(tile, 5 * NR);
    writeTile(tile, c, ci, ldc, rows, cols, alpha, beta);
  }

  /**
   * {@link #microKernel} for a last strip of at most L columns (e.g. 4 of a width of 100): one
   * vector of the packed panel per step instead of two, half the multiply-adds of a full strip.
   */
  private static void microKernelNarrow(int kc, double[] ap, int ai, double[] bp, int bi,
      double[] c, int ci, int ldc, int rows, int cols, double beta, double[] tile) {
    DoubleVector c0 = DoubleVector.zero(S);
    DoubleVector c1 = c0;
    DoubleVector c2 = c0;
    DoubleVector c3 = c0;
    DoubleVector c4 = c0;
    DoubleVector c5 = c0;
    for (int p = 0; p < kc; p++) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
      c0 = DoubleVector.broadcast(S, ap[ai]).lanewise(VectorOperators.FMA, b0, c0);
      c1 = DoubleVector.broadcast(S, ap[ai + 1]).lanewise(VectorOperators.FMA, b0, c1);
      c2 = DoubleVector.broadcast(S, ap[ai + 2]).lanewise(VectorOperators.FMA, b0, c2);
      c3 = DoubleVector.broadcast(S, ap[ai + 3]).lanewise(VectorOperators.FMA, b0, c3);
      c4 = DoubleVector.broadcast(S, ap[ai + 4]).lanewise(VectorOperators.FMA, b0, c4);
      c5 = DoubleVector.broadcast(S, ap[ai + 5]).lanewise(VectorOperators.FMA, b0, c5);
      ai += MR;
      bi += NR;
    }
    c0.intoArray(tile, 0);
    c1.intoArray(tile, NR);
    c2.intoArray(tile, 2 * NR);
    c3.intoArray(tile, 3 * NR);
    c4.intoArray(tile, 4 * NR);
    c5.intoArray(tile, 5 * NR);
    writeTile(tile, c, ci, ldc, rows, cols, 1, beta);
  }


  /** C tile = alpha * tile + beta * C (beta 0: old C ignored). */
  private static void writeTile(double[] tile, double[] c, int ci, int ldc, int rows, int cols,
      double alpha, double beta) {
    if (cols == NR) {
      for (int r = 0; r < rows; r++) {
        int row = ci + r * ldc;
        DoubleVector r0 = DoubleVector.fromArray(S, tile, r * NR).mul(alpha);
        DoubleVector r1 = DoubleVector.fromArray(S, tile, r * NR + L).mul(alpha);
        if (beta != 0) {
          r0 = DoubleVector.fromArray(S, c, row).mul(beta).add(r0);
          r1 = DoubleVector.fromArray(S, c, row + L).mul(beta).add(r1);
        }
        r0.intoArray(c, row);
        r1.intoArray(c, row + L);
      }
      return;
    }
    for (int r = 0; r < rows; r++) {
      int row = ci + r * ldc;
      for (int j = 0; j < cols; j++) {
        double v = alpha * tile[r * NR + j];
        c[row + j] = beta == 0 ? v : v + beta * c[row + j];
      }
    }
  }

  // ================================================================ GEMV

  @Override
  public void gemv(boolean transA, int rows, int cols, double alpha, double[] a, int aOff,
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
      double t0 = s0.reduceLanes(VectorOperators.ADD);
      double t1 = s1.reduceLanes(VectorOperators.ADD);
      double t2 = s2.reduceLanes(VectorOperators.ADD);
      double t3 = s3.reduceLanes(VectorOperators.ADD);
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
      double t0 = s0.reduceLanes(VectorOperators.ADD);
      for (; p < cols; p++) {
        t0 += a[r0 + p] * x[xOff + p];
      }
      storeScaled(y, yOff + i, t0, alpha, beta);
    }
  }

  private static void storeScaled(double[] y, int i, double t, double alpha, double beta) {
    y[i] = beta == 0 ? alpha * t : alpha * t + beta * y[i];
  }

  /** Panels of four vectors of rows: four accumulators hide the latency of the multiply-adds. */
  @Override
  public int gemvPanelRows() {
    return 4 * L;
  }

  /**
   * The packed product: each panel is read once, front to back, with its four vectors of outputs
   * held in registers and one broadcast of x per column, so the matrix streams through at memory
   * speed with no horizontal sums. Split over the pool in contiguous ranges of panels, the same
   * range per thread on every call, so each core keeps its share in its own cache.
   */
  @Override
  public void gemvPacked(int rows, int cols, int panelRows, double alpha, double[] a, double[] x,
      int xOff, double beta, double[] y, int yOff) {
    int panels = (rows + panelRows - 1) / panelRows;
    if (panelParts(rows, cols, panels) == 1) {
      // no lambda on the per-token path when nothing is split
      gemvPanels(0, panels, rows, cols, alpha, a, x, xOff, beta, y, yOff);
      return;
    }
    onPanelParts(rows, cols, panelRows, (from, to) -> gemvPanels(from, to, rows, cols, alpha, a,
        x, xOff, beta, y, yOff));
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

  private static void gemvPanels(int from, int to, int rows, int cols, double alpha, double[] a,
      double[] x, int xOff, double beta, double[] y, int yOff) {
    int pr = 4 * L;
    for (int panel = from; panel < to; panel++) {
      int idx = panel * pr * cols;
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
      double[] tile = BUFFERS.get().tile;
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
      scale(cols, beta, y, yOff, y, yOff);
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

  // ================================================================ rows and broadcasts

  @Override
  public void gatherRows(double[] table, int width, int[] ids, int idsOff, int count,
      double[] out, int outOff) {
    for (int i = 0; i < count; i++) {
      int id = ids[idsOff + i];
      int o = outOff + i * width;
      if (id < 0) {
        java.util.Arrays.fill(out, o, o + width, (double) 0);
      } else {
        System.arraycopy(table, id * width, out, o, width);
      }
    }
  }

  @Override
  public void scatterAddRows(double[] src, int srcOff, int width, int[] ids, int idsOff,
      int count, double[] table) {
    for (int i = 0; i < count; i++) {
      int id = ids[idsOff + i];
      if (id >= 0) {
        add(width, src, srcOff + i * width, table, id * width);
      }
    }
  }

  @Override
  public void addRowVector(int rows, int cols, double[] v, int vOff, double[] m, int mOff) {
    for (int i = 0; i < rows; i++) {
      add(cols, v, vOff, m, mOff + i * cols);
    }
  }

  /** y[i] += x[i]. */
  private static void add(int n, double[] x, int xOff, double[] y, int yOff) {
    int bound = S.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      DoubleVector.fromArray(S, y, yOff + i).add(DoubleVector.fromArray(S, x, xOff + i))
          .intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] += x[xOff + i];
    }
  }

  @Override
  public void addColumnSums(int rows, int cols, double[] m, int mOff, double[] out, int outOff) {
    int bound = S.loopBound(cols);
    int j = 0;
    for (; j < bound; j += L) {
      DoubleVector acc = DoubleVector.zero(S);
      for (int i = 0; i < rows; i++) {
        acc = acc.add(DoubleVector.fromArray(S, m, mOff + i * cols + j));
      }
      DoubleVector.fromArray(S, out, outOff + j).add(acc).intoArray(out, outOff + j);
    }
    for (; j < cols; j++) {
      double acc = 0;
      for (int i = 0; i < rows; i++) {
        acc += m[mOff + i * cols + j];
      }
      out[outOff + j] += acc;
    }
  }

  // ================================================================ softmax cross-entropy

  @Override
  public /*wide*/ double softmaxCrossEntropy(int rows, int cols, double[] x, int off,
      int[] targets, int tOff, /*wide*/ double[] rowLoss, boolean gradient) {
    int threads = pool.threads();
    if (threads == 1 || rows < 2 || (long) rows * cols < PARALLEL_MIN_SOFTMAX) {
      return softmaxRows(0, rows, cols, x, off, targets, tOff, rowLoss, gradient);
    }
    // Rows split over the pool; the total is summed in row order afterwards, as the serial loop
    // does, so the result does not depend on the thread count.
    /*wide*/ double[] losses = rowLoss != null ? rowLoss : new /*wide*/ double[rows];
    int parts = Math.min(threads, rows);
    pool.run(parts, part -> softmaxRows(part * rows / parts, (part + 1) * rows / parts, cols, x,
        off, targets, tOff, losses, gradient));
    /*wide*/ double total = 0;
    for (int r = 0; targets != null && r < rows; r++) {
      if (targets[tOff + r] >= 0) {
        total += losses[r];
      }
    }
    return total;
  }

  /** The softmax + cross-entropy of rows {@code [from, to)}; returns their summed loss. */
  private static /*wide*/ double softmaxRows(int from, int to, int cols, double[] x, int off,
      int[] targets, int tOff, /*wide*/ double[] rowLoss, boolean gradient) {
    /*wide*/ double total = 0;
    for (int r = from; r < to; r++) {
      int base = off + r * cols;
      int target = targets == null ? -1 : targets[tOff + r];
      if (target < 0 && targets != null) {
        if (gradient) {
          java.util.Arrays.fill(x, base, base + cols, (double) 0);
        }
        if (rowLoss != null) {
          rowLoss[r] = 0;
        }
        continue;
      }
      double max = max(cols, x, base);
      /*wide*/ double targetShifted = target >= 0 ? (/*wide*/ double) x[base + target] - max : 0;
      // One exp pass: x = exp(x - max) with the sum taken on the way, then one scaling pass.
      /*wide*/ double sum = expShiftedInPlace(cols, x, base, max);
      /*wide*/ double logSum = Math.log(sum);
      if (target >= 0) {
        /*wide*/ double loss = logSum - targetShifted;
        total += loss;
        if (rowLoss != null) {
          rowLoss[r] = loss;
        }
      }
      scale(cols, (double) (1 / sum), x, base, x, base);
      if (gradient) {
        x[base + target] -= 1;
      }
    }
    return total;
  }

  /**
   * The largest element (NaN elements are skipped: the exp pass then turns them, and the row's
   * sum, into NaN). Compare-and-blend on four accumulators: the vector max of Java semantics
   * (NaN and -0.0 rules) is several instructions, and one accumulator makes a latency chain; this
   * is 2.5 times faster on 8000 floats.
   */
  private static double max(int n, double[] x, int off) {
    int i = 0;
    double max = Double.NEGATIVE_INFINITY;
    if (n >= L) {
      DoubleVector m0 = DoubleVector.broadcast(S, max);
      DoubleVector m1 = m0;
      DoubleVector m2 = m0;
      DoubleVector m3 = m0;
      for (; i + 4 * L <= n; i += 4 * L) {
        DoubleVector v0 = DoubleVector.fromArray(S, x, off + i);
        DoubleVector v1 = DoubleVector.fromArray(S, x, off + i + L);
        DoubleVector v2 = DoubleVector.fromArray(S, x, off + i + 2 * L);
        DoubleVector v3 = DoubleVector.fromArray(S, x, off + i + 3 * L);
        m0 = m0.blend(v0, m0.compare(VectorOperators.LT, v0));
        m1 = m1.blend(v1, m1.compare(VectorOperators.LT, v1));
        m2 = m2.blend(v2, m2.compare(VectorOperators.LT, v2));
        m3 = m3.blend(v3, m3.compare(VectorOperators.LT, v3));
      }
      for (; i + L <= n; i += L) {
        DoubleVector v0 = DoubleVector.fromArray(S, x, off + i);
        m0 = m0.blend(v0, m0.compare(VectorOperators.LT, v0));
      }
      m0 = m0.blend(m1, m0.compare(VectorOperators.LT, m1));
      m2 = m2.blend(m3, m2.compare(VectorOperators.LT, m3));
      m0 = m0.blend(m2, m0.compare(VectorOperators.LT, m2));
      max = m0.reduceLanes(VectorOperators.MAX);
    }
    for (; i < n; i++) {
      if (x[off + i] > max) {
        max = x[off + i];
      }
    }
    return max;
  }

  /**
   * x[i] = exp(x[i] - shift), in place. Its own loop rather than a mode of {@link #expKernel}: the
   * softmax is the largest elementwise cost of training, and the specialised loop is twice as fast.
   *
   * @return the sum of the new x, vector partial sums folded into the wide sum every 16 vectors
   */
  private static /*wide*/ double expShiftedInPlace(int n, double[] x, int off, double shift) {
    int bound = S.loopBound(n);
    /*wide*/ double sum = 0;
    DoubleVector acc = DoubleVector.zero(S);
    int i = 0;
    for (; i < bound; i += L) {
      DoubleVector ex = DoubleVector.fromArray(S, x, off + i).sub(shift).max(-EXP_LIMIT);
      DoubleVector rounded = ex.lanewise(VectorOperators.FMA, LOG2E, ROUND_MAGIC);
      DoubleVector k = rounded.sub(ROUND_MAGIC);
      DoubleVector r = k.lanewise(VectorOperators.FMA, -LN2_HI, ex);
      r = k.lanewise(VectorOperators.FMA, -LN2_LO, r);
      DoubleVector e = VectorBits.expReduced(r).mul(VectorBits.pow2FromRounded(rounded));
      e.intoArray(x, off + i);
      acc = acc.add(e);
      if ((i / L & 15) == 15) {
        sum += acc.reduceLanes(VectorOperators.ADD);
        acc = DoubleVector.zero(S);
      }
    }
    sum += acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      double e = (double) Math.exp((/*wide*/ double) x[off + i] - shift);
      x[off + i] = e;
      sum += e;
    }
    return sum;
  }

  // ================================================================ vector exp, tanh, sigmoid

  private static final double LOG2E = (double) 1.4426950408889634;
  private static final double LN2_HI = (double) 6.93145751953125E-1;
  private static final double LN2_LO = (double) 1.42860682030941723212E-6;
  /** Adding and subtracting it rounds to the nearest integer (1.5 * 2^mantissa bits). */
  private static final double ROUND_MAGIC = (double) (1.5 / Math.ulp((double) 1));
  /** exp is evaluated on [-EXP_LIMIT, EXP_LIMIT]: 2^k stays a normal number, never overflows. */
  private static final double EXP_LIMIT = (double) (Math.log(Double.MAX_VALUE) - 2);
  private static final double TANH_SMALL = (double) 0.625;
  private static final double TP0 = (double) -9.64399179425052238628E-1;
  private static final double TP1 = (double) -9.92877231001918586564E1;
  private static final double TP2 = (double) -1.61468768441708447952E3;
  private static final double TQ1 = (double) 1.12811678491632931402E2;
  private static final double TQ2 = (double) 2.23548839060100448583E3;
  private static final double TQ3 = (double) 4.84406305325125486048E3;

  private static final int TANH = 0;
  private static final int SIGMOID = 1;

  /**
   * tanh and sigmoid built on the vector exp, written out inline: a vector passed to or returned
   * from a method that C2 does not inline is boxed. Modes: TANH writes y = tanh(x); SIGMOID writes
   * y = 1 / (1 + exp(-x)). Scalar tails use Math.
   *
   * <p>exp: Cody-Waite reduction x = k ln2 + r, {@link VectorBits#expReduced} for exp(r), times
   * 2^k built in the exponent bits; inputs clamped to +-EXP_LIMIT. tanh: Cephes' rational form
   * below 0.625, (1 - e) / (1 + e) with e = exp(-2|x|) above.
   */
  private static void expKernel(int mode, int n, double[] x, int xOff, double[] y, int yOff) {
    int bound = S.loopBound(n);
    DoubleVector one = DoubleVector.broadcast(S, 1);
    int i = 0;
    for (; i < bound; i += L) {
      DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
      DoubleVector arg = mode == TANH ? v.abs().mul(-2) : v.neg();
      // ---- exp(arg)
      DoubleVector ex = arg.max(-EXP_LIMIT).min(EXP_LIMIT);
      DoubleVector rounded = ex.lanewise(VectorOperators.FMA, LOG2E, ROUND_MAGIC);
      DoubleVector k = rounded.sub(ROUND_MAGIC);
      DoubleVector r = k.lanewise(VectorOperators.FMA, -LN2_HI, ex);
      r = k.lanewise(VectorOperators.FMA, -LN2_LO, r);
      DoubleVector e = VectorBits.expReduced(r).mul(VectorBits.pow2FromRounded(rounded));
      // ---- use it
      if (mode == SIGMOID) {
        one.div(e.add(1)).intoArray(y, yOff + i);
      } else {
        DoubleVector t = one.sub(e).div(e.add(1));
        DoubleVector large = t.blend(t.neg(), v.compare(VectorOperators.LT, 0));
        DoubleVector zz = v.mul(v);
        DoubleVector num = zz.lanewise(VectorOperators.FMA, TP0, TP1)
            .lanewise(VectorOperators.FMA, zz, DoubleVector.broadcast(S, TP2));
        DoubleVector den = zz.add(TQ1)
            .lanewise(VectorOperators.FMA, zz, DoubleVector.broadcast(S, TQ2))
            .lanewise(VectorOperators.FMA, zz, DoubleVector.broadcast(S, TQ3));
        DoubleVector small = v.mul(zz).mul(num.div(den)).add(v);
        large.blend(small, v.abs().compare(VectorOperators.LT, TANH_SMALL)).intoArray(y, yOff + i);
      }
    }
    for (; i < n; i++) {
      /*wide*/ double xv = x[xOff + i];
      y[yOff + i] = mode == SIGMOID ? (double) (1 / (1 + Math.exp(-xv))) : (double) Math.tanh(xv);
    }
  }

  @Override
  public void activate(Activation f, int n, double[] x, int xOff, double[] y, int yOff) {
    int bound = S.loopBound(n);
    int i = 0;
    switch (f) {
      case TANH:
        expKernel(TANH, n, x, xOff, y, yOff);
        break;
      case SIGMOID:
        expKernel(SIGMOID, n, x, xOff, y, yOff);
        break;
      case RELU:
        DoubleVector zero = DoubleVector.zero(S);
        for (; i < bound; i += L) {
          DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
          zero.blend(v, v.compare(VectorOperators.GT, 0)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
          double v = x[xOff + i];
          y[yOff + i] = v > 0 ? v : 0;
        }
        break;
      default:
        throw new IllegalArgumentException(String.valueOf(f));
    }
  }

  @Override
  public void activateBackward(Activation f, int n, double[] y, int yOff, double[] dy, int dyOff,
      double[] dx, int dxOff, boolean accumulate) {
    int bound = S.loopBound(n);
    DoubleVector one = DoubleVector.broadcast(S, 1);
    DoubleVector zero = DoubleVector.zero(S);
    int i = 0;
    for (; i < bound; i += L) {
      DoubleVector v = DoubleVector.fromArray(S, y, yOff + i);
      DoubleVector d;
      switch (f) {
        case TANH: d = one.sub(v.mul(v)); break;
        case SIGMOID: d = v.mul(one.sub(v)); break;
        case RELU: d = zero.blend(one, v.compare(VectorOperators.GT, 0)); break;
        default: throw new IllegalArgumentException(String.valueOf(f));
      }
      DoubleVector g = DoubleVector.fromArray(S, dy, dyOff + i).mul(d);
      if (accumulate) {
        g = DoubleVector.fromArray(S, dx, dxOff + i).add(g);
      }
      g.intoArray(dx, dxOff + i);
    }
    if (i < n) {
      DoubleKernels.super.activateBackward(f, n - i, y, yOff + i, dy, dyOff + i, dx, dxOff + i,
          accumulate);
    }
  }

  // ================================================================ element-wise and reductions

  @Override
  public void multiply(int n, double[] a, int aOff, double[] b, int bOff, double[] out,
      int outOff, boolean accumulate) {
    int bound = S.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      DoubleVector p = DoubleVector.fromArray(S, a, aOff + i).mul(DoubleVector.fromArray(S, b, bOff + i));
      if (accumulate) {
        p = DoubleVector.fromArray(S, out, outOff + i).add(p);
      }
      p.intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      double p = a[aOff + i] * b[bOff + i];
      out[outOff + i] = accumulate ? out[outOff + i] + p : p;
    }
  }

  /**
   * y += alpha x. A vector of x that is all zeros leaves y as it is (for a finite alpha, up to
   * the sign of a zero in y), so it is skipped: the update with a sparse gradient such as that of
   * the token embedding then reads the gradient but writes only the touched rows. Large calls are
   * split over the pool (the update of a big parameter is bound by memory bandwidth).
   */
  @Override
  public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
    int threads = pool.threads();
    if (threads == 1 || n < PARALLEL_MIN_AXPY) {
      axpyRange(n, alpha, x, xOff, y, yOff);
      return;
    }
    int chunk = S.loopBound((n + threads - 1) / threads + L - 1);
    int parts = (n + chunk - 1) / chunk;
    pool.run(parts, part -> {
      int start = part * chunk;
      axpyRange(Math.min(chunk, n - start), alpha, x, xOff + start, y, yOff + start);
    });
  }

  private static void axpyRange(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
    int bound = S.loopBound(n);
    int i = 0;
    if (Double.isFinite(alpha)) {
      for (; i < bound; i += L) {
        DoubleVector xv = DoubleVector.fromArray(S, x, xOff + i);
        if (xv.compare(VectorOperators.NE, 0).anyTrue()) {
          DoubleVector.fromArray(S, y, yOff + i).add(xv.mul(alpha)).intoArray(y, yOff + i);
        }
      }
    } else {
      for (; i < bound; i += L) {
        DoubleVector.fromArray(S, y, yOff + i).add(DoubleVector.fromArray(S, x, xOff + i).mul(alpha))
            .intoArray(y, yOff + i);
      }
    }
    for (; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  @Override
  public void scale(int n, double alpha, double[] x, int xOff) {
    scale(n, alpha, x, xOff, x, xOff);
  }

  private static void scale(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
    int bound = S.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      DoubleVector.fromArray(S, x, xOff + i).mul(alpha).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] = x[xOff + i] * alpha;
    }
  }

  @Override
  public /*wide*/ double dot(int n, double[] x, int xOff, double[] y, int yOff) {
    int bound = S.loopBound(n);
    /*wide*/ double sum = 0;
    int i = 0;
    while (i < bound) {
      int end = Math.min(bound, i + 64 * L);
      DoubleVector acc = DoubleVector.zero(S);
      for (; i < end; i += L) {
        acc = DoubleVector.fromArray(S, x, xOff + i)
            .lanewise(VectorOperators.FMA, DoubleVector.fromArray(S, y, yOff + i), acc);
      }
      sum += acc.reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      sum += (/*wide*/ double) x[xOff + i] * y[yOff + i];
    }
    return sum;
  }

  @Override
  public /*wide*/ double sumOfSquares(int n, double[] x, int xOff) {
    return dot(n, x, xOff, x, xOff);
  }

  @Override
  public void clip(int n, /*wide*/ double lo, /*wide*/ double hi, double[] x, int xOff) {
    double l = (double) lo;
    double h = (double) hi;
    int bound = S.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      DoubleVector.fromArray(S, x, xOff + i).max(l).min(h).intoArray(x, xOff + i);
    }
    for (; i < n; i++) {
      double v = x[xOff + i];
      x[xOff + i] = v < lo ? l : (v > hi ? h : v);
    }
  }

  @Override
  public int argmax(int n, double[] x, int xOff) {
    if (n == 0 || Double.isNaN(x[xOff])) {
      return DoubleKernels.super.argmax(n, x, xOff); // a NaN first element wins there: 0
    }
    // NaN elsewhere loses every comparison in the reference scan, as it is skipped by max
    double max = max(n, x, xOff);
    int bound = S.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      VectorMask<Double> hit = DoubleVector.fromArray(S, x, xOff + i).compare(VectorOperators.EQ, max);
      if (hit.anyTrue()) {
        return i + hit.firstTrue();
      }
    }
    for (; i < n; i++) {
      if (x[xOff + i] == max) {
        return i;
      }
    }
    return 0;
  }
}

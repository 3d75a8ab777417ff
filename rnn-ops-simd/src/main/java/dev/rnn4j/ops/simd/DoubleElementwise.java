// TEMPLATE: the float version (FloatElementwise) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleExp.expKernel;

import dev.rnn4j.api.ops.Activation;
import dev.rnn4j.ops.scalar.DoubleKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise operations, reductions, rows and broadcasts, and the activations (tanh and sigmoid
 * on the vector exp of {@link DoubleExp}). A large axpy, large row-wise work (a bias added to
 * every row, column sums, the flush of tiny elements) and large activations are split over the
 * {@link WorkerPool}. A method without a comment has the contract of the {@code DoubleKernels}
 * method of the same name.
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleElementwise {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** The plain-Java kernels, for the tails and cases the vector code hands back. */
  private static final DoubleKernels REFERENCE = new DoubleKernels() {};
  /** An axpy at least this long is split over the pool. */
  static final int PARALLEL_MIN_AXPY = 1 << 18;
  /**
   * Row-wise work ({@code addRowVector}, {@code addColumnSums}, {@code flushBelow}) over at least
   * this many elements is split over the pool. These follow products that are split over the
   * threads already (the logits of a batch, a layer's pre-activations), so on one thread they are
   * the part of a training step that does not shrink with a second one. Two threads trained b at
   * batch 32 6-16% faster on Temurin 25 and a1 at batch 32 1-8% ({@code
   * rnn-bench/results/2026-12-07-rowwise-split.csv}).
   */
  static final int PARALLEL_MIN_ROWWISE = 1 << 14;

  private final WorkerPool pool;

  /** @param pool the threads a large axpy may use */
  DoubleElementwise(WorkerPool pool) {
    this.pool = pool;
  }
  static void scatterAddRows(double[] src, int srcOff, int width, int[] ids, int idsOff,
      int count, double[] table, int tableOff) {
    for (int i = 0; i < count; i++) {
      int id = ids[idsOff + i];
      if (id >= 0) {
        add(width, src, srcOff + i * width, table, tableOff + id * width);
      }
    }
  }

  /** Split by rows over the pool when large ({@link #PARALLEL_MIN_ROWWISE}). */
  void addRowVector(int rows, int cols, double[] v, int vOff, double[] m, int mOff) {
    onRowRanges(rows, cols, (from, to) -> {
      for (int i = from; i < to; i++) {
        add(cols, v, vOff, m, mOff + i * cols);
      }
    });
  }

  /**
   * Runs {@code body} over the rows of a {@code rows x cols} matrix: all of them on the calling
   * thread, or, from {@link #PARALLEL_MIN_ROWWISE} elements on, one contiguous range per thread.
   * Each row's result does not depend on the split.
   */
  private void onRowRanges(int rows, int cols, PanelRange body) {
    if ((long) rows * cols < PARALLEL_MIN_ROWWISE) {
      body.run(0, rows);
    } else {
      pool.runRowRanges(rows, body);
    }
  }

  /** y[i] += x[i]. */
  static void add(int n, double[] x, int xOff, double[] y, int yOff) {
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

  /**
   * Split by columns over the pool when large ({@link #PARALLEL_MIN_ROWWISE}), in ranges that
   * start at multiples of the vector length: each column is summed over the rows in order, in a
   * vector lane or in the scalar tail as without the split.
   */
  void addColumnSums(int rows, int cols, double[] m, int mOff, double[] out, int outOff) {
    onAlignedRanges(cols, (long) rows * cols, PARALLEL_MIN_ROWWISE,
        (from, to) -> columnSums(rows, from, to, cols, m, mOff, out, outOff));
  }

  /** Columns {@code [from, to)} of addColumnSums, rows {@code ld} apart. */
  private static void columnSums(int rows, int from, int to, int ld, double[] m, int mOff,
      double[] out, int outOff) {
    int bound = from + S.loopBound(to - from);
    int j = from;
    for (; j < bound; j += L) {
      DoubleVector acc = DoubleVector.zero(S);
      for (int i = 0; i < rows; i++) {
        acc = acc.add(DoubleVector.fromArray(S, m, mOff + i * ld + j));
      }
      DoubleVector.fromArray(S, out, outOff + j).add(acc).intoArray(out, outOff + j);
    }
    for (; j < to; j++) {
      double acc = 0;
      for (int i = 0; i < rows; i++) {
        acc += m[mOff + i * ld + j];
      }
      out[outOff + j] += acc;
    }
  }

  /**
   * Split over the pool when large ({@link #PARALLEL_MIN_ROWWISE}), in ranges that start at
   * multiples of the vector length, so each element gets the bits it gets unsplit. An activation
   * follows a product that is split over the threads (a batch's pre-activations at a step), and
   * costs an exp and a division per element: on one thread it is the part of the step that does
   * not shrink with a second one (a2 at batch 32 on two threads: 3.7% of the caller's time, 10.6%
   * for all its serial work, 5.4% after). Its backward is not split: a multiply per element, it
   * took as long in the caller's wait for the other thread as it had taken alone.
   */
  void activateSplit(Activation f, int n, double[] x, int xOff, double[] y, int yOff) {
    onAlignedRanges(n, n, PARALLEL_MIN_ROWWISE,
        (from, to) -> activate(f, to - from, x, xOff + from, y, yOff + from));
  }

  static void activate(Activation f, int n, double[] x, int xOff, double[] y, int yOff) {
    int bound = S.loopBound(n);
    int i = 0;
    switch (f) {
      case TANH:
        expKernel(DoubleExp.TANH, n, x, xOff, y, yOff);
        break;
      case SIGMOID:
        expKernel(DoubleExp.SIGMOID, n, x, xOff, y, yOff);
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

  static void activateBackward(Activation f, int n, double[] y, int yOff, double[] dy, int dyOff,
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
      REFERENCE.activateBackward(f, n - i, y, yOff + i, dy, dyOff + i, dx, dxOff + i,
          accumulate);
    }
  }

  static void multiply(int n, double[] a, int aOff, double[] b, int bOff, double[] out,
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
  void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
    onAlignedRanges(n, n, PARALLEL_MIN_AXPY,
        (from, to) -> axpyRange(to - from, alpha, x, xOff + from, y, yOff + from));
  }

  /**
   * Runs {@code body} over {@code [0, n)}: whole on the calling thread, or, when {@code work} is
   * at least {@code min}, in one range per thread, each starting at a multiple of the vector
   * length (so an element falls in a vector or in the scalar tail as it does unsplit).
   */
  private void onAlignedRanges(int n, long work, int min, PanelRange body) {
    int threads = pool.threads();
    if (threads == 1 || work < min || n < 2 * L) {
      body.run(0, n);
      return;
    }
    int chunk = S.loopBound((n + threads - 1) / threads + L - 1);
    int parts = (n + chunk - 1) / chunk;
    pool.run(parts, part -> body.run(part * chunk, Math.min(n, (part + 1) * chunk)));
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

  static void scale(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
    int bound = S.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      DoubleVector.fromArray(S, x, xOff + i).mul(alpha).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] = x[xOff + i] * alpha;
    }
  }

  static /*wide*/ double dot(int n, double[] x, int xOff, double[] y, int yOff) {
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
      sum += VectorBits.sum(acc);
    }
    for (; i < n; i++) {
      sum += (/*wide*/ double) x[xOff + i] * y[yOff + i];
    }
    return sum;
  }

  static void clip(int n, /*wide*/ double lo, /*wide*/ double hi, double[] x, int xOff) {
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

  /** {@code TensorOps.flushBelow}: a vector is written back only when one of its lanes changes. */
  /** Split over the pool when large ({@link #PARALLEL_MIN_ROWWISE}). */
  void flushBelow(int n, /*wide*/ double tiny, double[] x, int xOff) {
    onAlignedRanges(n, n, PARALLEL_MIN_ROWWISE,
        (from, to) -> flushBelowRange(to - from, tiny, x, xOff + from));
  }

  private static void flushBelowRange(int n, /*wide*/ double tiny, double[] x, int xOff) {
    double t = (double) tiny;
    int bound = S.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
      VectorMask<Double> small = v.abs().compare(VectorOperators.LT, t)
          .and(v.compare(VectorOperators.NE, 0));
      if (small.anyTrue()) {
        v.blend(0, small).intoArray(x, xOff + i);
      }
    }
    for (; i < n; i++) {
      double v = x[xOff + i];
      if (v != 0 && Math.abs(v) < tiny) {
        x[xOff + i] = 0;
      }
    }
  }

  static int argmax(int n, double[] x, int xOff) {
    if (n == 0 || Double.isNaN(x[xOff])) {
      return REFERENCE.argmax(n, x, xOff); // a NaN first element wins there: 0
    }
    // NaN elsewhere loses every comparison in the reference scan, as it is skipped by max
    double max = DoubleSoftmax.max(n, x, xOff);
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

package dev.rnn4j.ops.simd;

import dev.rnn4j.api.HeapAlignment;
import dev.rnn4j.ops.scalar.PanelMatrix;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The exact argmax of {@code A x + b} for a float32 matrix A packed in panels, reading A in
 * bfloat16: half the bytes of the float32 product, which is what bounds greedy generation (the
 * output layer is streamed from memory for every token).
 *
 * <p>The compact copy holds each element rounded to bfloat16 (8 significant bits), two rows per
 * 32-bit word, in the panel order of the exact copy. For every row {@code i} it keeps {@code d_i =
 * |A_i - bf16(A_i)|_2} and {@code R_i = |A_i|_2}. Then, with {@code X = |x|_2}, the screened value
 * {@code z_i} (bfloat16 row times x, float multiply-adds) differs from the exact {@code (A x)_i +
 * b_i} of the packed product by at most {@code tol_i = X d_i + 4 (n + 2) u X R_i + 4 u |b_i|}
 * ({@code u = 2^-24}, {@code n} columns: Cauchy-Schwarz for the rounding to bfloat16, the standard
 * bound {@code n u sum |a x|} for each chain of multiply-adds, one rounding for the bias), inflated
 * by 1% and an absolute {@code 1e-30} for underflow. Every row whose exact value can be the largest
 * has {@code z_i + b_i + tol_i >= M = max_k (z_k + b_k - tol_k)}; those few rows are computed
 * again exactly, by the kernel of the exact product on their panel, and the first largest wins, as
 * in the plain argmax. The bound needs finite inputs with no overflow: the caller takes the plain
 * path otherwise ({@link #argmax} returns -1).
 */
final class FloatArgmaxScreen {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> IS = FS.withLanes(int.class);
  private static final int L = FS.length();
  private static final int HIGH_HALF = 0xFFFF0000;
  /** Inputs whose products could reach this are left to the plain path (no overflow below it). */
  private static final double LARGEST = 1e30;
  private static final double U = 0x1p-24;
  /** The bias term of the bound, doubled for the float arithmetic of the passes (see of()). */
  private static final float BIAS_SLACK = (float) (8.08 * U);
  private static final float TINY = 1e-30f;
  /**
   * Matrices of fewer elements (1 MB of float32) stay in a core's cache, where the plain product
   * is as fast as the screen and its two passes over the rows: they take the plain path.
   */
  static final long MIN_ELEMENTS = 1 << 18;

  private final PanelMatrix exact;
  private final FloatSimdKernels kernels;
  /**
   * From {@link #WORDS_START}, per panel and column: 2L words, rows k and L + k, then 2L + k and
   * 3L + k, of the panel.
   */
  private final int[] words;
  /**
   * Where the words start: on a cache line under the launcher's object alignment ({@link
   * HeapAlignment}), as the exact copy does, so that no vector load of them straddles two lines.
   */
  private static final int WORDS_START = HeapAlignment.start(Integer.BYTES);
  /**
   * {@code 1.01 (d_i + 8 (n + 2) u R_i)} rounded up to float, to be multiplied by X: twice the
   * rounding term of the bound, the other half covering the float arithmetic of the passes that
   * compare {@code z_i + b_i -/+ tol_i} (a few roundings of values below {@code X R_i + |b_i| +
   * tol_i}).
   */
  private final float[] slack;
  private final double largestRowNorm;
  private final boolean usable;

  private FloatArgmaxScreen(PanelMatrix exact, FloatSimdKernels kernels, int[] words,
      float[] slack, double largestRowNorm, boolean usable) {
    this.exact = exact;
    this.kernels = kernels;
    this.words = words;
    this.slack = slack;
    this.largestRowNorm = largestRowNorm;
    this.usable = usable;
  }

  /** @return whether the screen is worth making and reading for a {@code rows x cols} matrix */
  static boolean pays(int rows, int cols) {
    return (long) rows * cols >= MIN_ELEMENTS;
  }

  /**
   * @return whether the copy of a packed {@code rows x cols} matrix (about half its bytes) fits in
   *     the heap with as much again to spare: an optional copy must not take the memory a run needs
   */
  static boolean fitsInHeap(int rows, int cols) {
    long panels = (rows + 4L * L - 1) / (4L * L);
    long bytes = panels * 2 * L * cols * Integer.BYTES + panels * 4 * L * 2 * Double.BYTES
        + (long) rows * Float.BYTES;
    Runtime runtime = Runtime.getRuntime();
    long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    return free > 2 * bytes;
  }

  /** The compact copy of a float32 matrix packed in panels of {@code 4 L} rows. */
  static FloatArgmaxScreen of(PanelMatrix exact, FloatSimdKernels kernels) {
    int rows = exact.rows();
    int cols = exact.cols();
    int pr = 4 * L;
    if (exact.panelRows() != pr) {
      throw new IllegalArgumentException("not packed by this backend: " + exact.panelRows());
    }
    int panels = exact.panels();
    int[] words = new int[WORDS_START + panels * 2 * L * cols];
    double[] dev = new double[panels * pr];
    double[] norm = new double[panels * pr];
    float[] a = exact.data().f32();
    kernels.onPanelParts(rows, cols, pr, (from, to) -> {
      for (int panel = from; panel < to; panel++) {
        for (int j = 0; j < cols; j++) {
          int src = exact.index(panel * pr, j);
          int dst = WORDS_START + (panel * cols + j) * 2 * L;
          for (int k = 0; k < 2 * L; k++) {
            int r = k < L ? k : k + L; // rows k, k + L of the first half; 2L + k, 3L + k after
            int low = roundToBf16(a[src + r]);
            int high = roundToBf16(a[src + r + L]);
            words[dst + k] = (low >>> 16) | high;
            account(a[src + r], low, panel * pr + r, dev, norm);
            account(a[src + r + L], high, panel * pr + r + L, dev, norm);
          }
        }
      }
    });
    float[] slack = new float[rows];
    double largest = 0;
    boolean usable = true;
    for (int i = 0; i < rows; i++) {
      double r = Math.sqrt(norm[i]);
      slack[i] = Math.nextUp((float) (1.01 * (Math.sqrt(dev[i]) + 8.0 * (cols + 2) * U * r)));
      largest = Math.max(largest, r);
      usable &= r < LARGEST; // false for NaN and infinite entries too
    }
    return new FloatArgmaxScreen(exact, kernels, words, slack, largest, usable);
  }

  /** @return the bits of {@code v} rounded to the nearest bfloat16 (ties to even), low half 0 */
  private static int roundToBf16(float v) {
    int bits = Float.floatToRawIntBits(v);
    return (bits + 0x7FFF + ((bits >>> 16) & 1)) & HIGH_HALF;
  }

  private static void account(float v, int bf16, int row, double[] dev, double[] norm) {
    double d = (double) v - Float.intBitsToFloat(bf16);
    dev[row] += d * d;
    norm[row] += (double) v * v;
  }

  /**
   * @param y scratch of {@code rows} entries from {@code yOff}
   * @return the argmax as the plain path gives it, or -1 when the inputs are outside the bound
   *     (non-finite or huge) or every row is excluded: then the caller takes the plain path (as it
   *     does for a matrix of fewer than {@link #MIN_ELEMENTS} elements, see {@link #pays})
   */
  int argmax(float[] x, int xOff, float[] b, int bOff, int[] excluded, float[] y, int yOff) {
    int rows = exact.rows();
    int cols = exact.cols();
    double sumSquares = 0;
    for (int j = 0; j < cols; j++) {
      sumSquares += (double) x[xOff + j] * x[xOff + j];
    }
    double xNorm = Math.sqrt(sumSquares) * (1 + 1e-9);
    if (!usable || !(xNorm * largestRowNorm < LARGEST)) {
      return -1;
    }
    float xBound = Math.nextUp((float) xNorm);
    kernels.onPanelParts(rows, cols, 4 * L, (from, to) -> screen(from, to, rows, cols, words, x,
        xOff, y, yOff));
    for (int e : excluded) {
      if (e >= 0 && e < rows) {
        y[yOff + e] = Float.NEGATIVE_INFINITY; // screened values are finite: a mark
      }
    }
    float floor = floor(rows, xBound, b, bOff, y, yOff);
    // NaN: a non-finite bias; -inf: every row excluded
    if (!(floor > Float.NEGATIVE_INFINITY && floor < Float.POSITIVE_INFINITY)) {
      return -1;
    }
    return pick(rows, cols, xBound, floor, x, xOff, b, bOff, y, yOff);
  }

  /**
   * @return {@code max_i (z_i + b_i - tol_i)}, a lower bound of the largest exact value; NaN
   *     when a bias is not finite or too large for the bound, -inf when every row is excluded
   */
  private float floor(int rows, float xBound, float[] b, int bOff, float[] y, int yOff) {
    FloatVector lows = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY);
    FloatVector biases = FloatVector.zero(FS);
    int i = 0;
    for (int bound = FS.loopBound(rows); i < bound; i += L) {
      FloatVector bi = FloatVector.fromArray(FS, b, bOff + i);
      FloatVector sum = FloatVector.fromArray(FS, y, yOff + i).add(bi);
      lows = lows.max(sum.sub(tolerance(FloatVector.fromArray(FS, slack, i), xBound, bi)));
      biases = biases.max(bi.abs());
    }
    float low = lows.reduceLanes(VectorOperators.MAX);
    float largestBias = biases.reduceLanes(VectorOperators.MAX);
    for (; i < rows; i++) {
      low = Math.max(low, y[yOff + i] + b[bOff + i] - tolerance(slack[i], xBound, b[bOff + i]));
      largestBias = Math.max(largestBias, Math.abs(b[bOff + i]));
    }
    return largestBias < LARGEST ? low : Float.NaN; // NaN stays NaN through max and <
  }

  /** @return the first row with the largest exact value among those whose bound reaches floor */
  private int pick(int rows, int cols, float xBound, float floor, float[] x, int xOff,
      float[] b, int bOff, float[] y, int yOff) {
    int pr = 4 * L;
    float[] panelValues = new float[pr];
    float[] a = exact.data().f32();
    int best = -1;
    float bestValue = 0;
    int computedPanel = -1;
    int bound = FS.loopBound(rows);
    for (int i0 = 0; i0 < rows; i0 += L) {
      if (i0 < bound) {
        FloatVector bi = FloatVector.fromArray(FS, b, bOff + i0);
        FloatVector high = FloatVector.fromArray(FS, y, yOff + i0).add(bi)
            .add(tolerance(FloatVector.fromArray(FS, slack, i0), xBound, bi));
        if (!high.compare(VectorOperators.GE, floor).anyTrue()) {
          continue;
        }
      }
      for (int i = i0, end = Math.min(rows, i0 + L); i < end; i++) {
        float bias = b[bOff + i];
        if (y[yOff + i] + bias + tolerance(slack[i], xBound, bias) < floor) {
          continue; // -inf (excluded) too
        }
        int panel = i / pr;
        if (panel != computedPanel) {
          FloatGemv.panelProducts(panel, cols, a, exact.start(), x, xOff, panelValues);
          computedPanel = panel;
        }
        float value = panelValues[i - panel * pr] + bias;
        if (best < 0 || value > bestValue) {
          best = i;
          bestValue = value;
        }
      }
    }
    return best;
  }

  /** The bound of row i, {@code X slack_i + 8.08 u |b_i| + 1e-30}, as the vector passes take it. */
  private static FloatVector tolerance(FloatVector slack, float xBound, FloatVector bias) {
    return slack.lanewise(VectorOperators.FMA, xBound,
        bias.abs().lanewise(VectorOperators.FMA, BIAS_SLACK, TINY));
  }

  private static float tolerance(float slack, float xBound, float bias) {
    return Math.fma(slack, xBound, Math.fma(Math.abs(bias), BIAS_SLACK, TINY));
  }

  /** {@code y = bf16(A) x} for the rows of panels {@code [from, to)}. */
  private static void screen(int from, int to, int rows, int cols, int[] w, float[] x, int xOff,
      float[] y, int yOff) {
    int pr = 4 * L;
    float[] tile = null;
    for (int panel = from; panel < to; panel++) {
      int idx = WORDS_START + panel * 2 * L * cols;
      FloatVector c0 = FloatVector.zero(FS);
      FloatVector c1 = c0;
      FloatVector c2 = c0;
      FloatVector c3 = c0;
      for (int j = 0; j < cols; j++) {
        FloatVector xj = FloatVector.broadcast(FS, x[xOff + j]);
        IntVector p = IntVector.fromArray(IS, w, idx);
        IntVector q = IntVector.fromArray(IS, w, idx + L);
        c0 = p.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats()
            .lanewise(VectorOperators.FMA, xj, c0);
        c1 = p.and(HIGH_HALF).reinterpretAsFloats().lanewise(VectorOperators.FMA, xj, c1);
        c2 = q.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats()
            .lanewise(VectorOperators.FMA, xj, c2);
        c3 = q.and(HIGH_HALF).reinterpretAsFloats().lanewise(VectorOperators.FMA, xj, c3);
        idx += 2 * L;
      }
      int i = panel * pr;
      if (i + pr <= rows) {
        c0.intoArray(y, yOff + i);
        c1.intoArray(y, yOff + i + L);
        c2.intoArray(y, yOff + i + 2 * L);
        c3.intoArray(y, yOff + i + 3 * L);
        continue;
      }
      tile = tile == null ? new float[pr] : tile;
      c0.intoArray(tile, 0);
      c1.intoArray(tile, L);
      c2.intoArray(tile, 2 * L);
      c3.intoArray(tile, 3 * L);
      System.arraycopy(tile, 0, y, yOff + i, rows - i);
    }
  }
}

// TEMPLATE: the float version (FloatKernels) is generated from this file in the build.
package dev.rnn4j.ops.scalar;

import dev.rnn4j.api.ops.Activation;
import dev.rnn4j.api.ops.TensorOps;

/**
 * The kernels of {@link TensorOps} on plain {@code double[]} arrays, for backends built on {@link
 * ArrayTensorOps}. Every method has the contract of the {@code TensorOps} method of the same name.
 *
 * <p>The default methods are the plain-Java reference: straight loops, sums and log-sum-exp
 * accumulated in 64 bits, no blocking. A backend overrides the kernels it accelerates and inherits
 * the rest; the conformance kit compares each override with these defaults. The {@code float[]}
 * twin, {@code FloatKernels}, is generated from this file in the build (the element type becomes
 * float except where marked wide).
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
public interface DoubleKernels {

  default void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        var acc = 0.0;
        for (int p = 0; p < k; p++) {
          double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          double bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
          acc += av * bv;
        }
        int ci = cOff + i * ldc + j;
        c[ci] = (double) (beta == 0 ? alpha * acc : alpha * acc + beta * c[ci]);
      }
    }
  }

  default void gemv(boolean transA, int rows, int cols, double alpha, double[] a, int aOff, int lda,
      double[] x, int xOff, double beta, double[] y, int yOff) {
    int outLen = transA ? cols : rows;
    int inLen = transA ? rows : cols;
    for (int i = 0; i < outLen; i++) {
      var acc = 0.0;
      for (int p = 0; p < inLen; p++) {
        double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        acc += av * x[xOff + p];
      }
      y[yOff + i] = (double) (beta == 0 ? alpha * acc : alpha * acc + beta * y[yOff + i]);
    }
  }

  /** @return the panel height {@link #gemvPacked} works on ({@link PanelMatrix}); 0: row-major */
  default int gemvPanelRows() {
    return 0;
  }

  /**
   * {@code y = alpha * A * x + beta * y} for A ({@code rows x cols}) packed in panels of {@code
   * panelRows} rows as {@link PanelMatrix} lays them out (0: row-major), from {@code a[aOff]}.
   */
  default void gemvPacked(int rows, int cols, int panelRows, double alpha, double[] a, int aOff,
      double[] x, int xOff, double beta, double[] y, int yOff) {
    if (panelRows == 0) {
      gemv(false, rows, cols, alpha, a, aOff, Math.max(1, cols), x, xOff, beta, y, yOff);
      return;
    }
    for (int i = 0; i < rows; i++) {
      int base = aOff + (i / panelRows) * panelRows * cols + i % panelRows;
      var acc = 0.0;
      for (int j = 0; j < cols; j++) {
        acc += a[base + j * panelRows] * x[xOff + j];
      }
      y[yOff + i] = (double) (beta == 0 ? alpha * acc : alpha * acc + beta * y[yOff + i]);
    }
  }

  default void gatherRows(double[] table, int tableOff, int width, int[] ids, int idsOff,
      int count, double[] out, int outOff) {
    for (int i = 0; i < count; i++) {
      int id = ids[idsOff + i];
      int o = outOff + i * width;
      if (id < 0) {
        java.util.Arrays.fill(out, o, o + width, (double) 0);
      } else {
        System.arraycopy(table, tableOff + id * width, out, o, width);
      }
    }
  }

  default void scatterAddRows(double[] src, int srcOff, int width, int[] ids, int idsOff,
      int count, double[] table, int tableOff) {
    for (int i = 0; i < count; i++) {
      int id = ids[idsOff + i];
      if (id < 0) {
        continue;
      }
      int s = srcOff + i * width;
      int t = tableOff + id * width;
      for (int j = 0; j < width; j++) {
        table[t + j] += src[s + j];
      }
    }
  }

  default void addRowVector(int rows, int cols, double[] v, int vOff, double[] m, int mOff) {
    for (int i = 0; i < rows; i++) {
      int r = mOff + i * cols;
      for (int j = 0; j < cols; j++) {
        m[r + j] += v[vOff + j];
      }
    }
  }

  default void addColumnSums(int rows, int cols, double[] m, int mOff, double[] out, int outOff) {
    for (int j = 0; j < cols; j++) {
      var acc = 0.0;
      for (int i = 0; i < rows; i++) {
        acc += m[mOff + i * cols + j];
      }
      out[outOff + j] += (double) acc;
    }
  }

  default /*wide*/ double softmaxCrossEntropy(int rows, int cols, double[] x, int off,
      int[] targets, int tOff, /*wide*/ double[] rowLoss, boolean gradient) {
    var total = 0.0;
    for (int r = 0; r < rows; r++) {
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
      var max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        max = Math.max(max, x[base + j]);
      }
      var sum = 0.0;
      for (int j = 0; j < cols; j++) {
        sum += Math.exp(x[base + j] - max);
      }
      var logSum = max + Math.log(sum);
      if (target >= 0) {
        var loss = logSum - x[base + target];
        total += loss;
        if (rowLoss != null) {
          rowLoss[r] = loss;
        }
      }
      for (int j = 0; j < cols; j++) {
        x[base + j] = (double) Math.exp(x[base + j] - logSum);
      }
      if (gradient) {
        x[base + target] -= 1;
      }
    }
    return total;
  }

  default void activate(Activation f, int n, double[] x, int xOff, double[] y, int yOff) {
    switch (f) {
      case TANH:
        for (int i = 0; i < n; i++) {
          y[yOff + i] = (double) Math.tanh(x[xOff + i]);
        }
        break;
      case SIGMOID:
        for (int i = 0; i < n; i++) {
          y[yOff + i] = (double) (1 / (1 + Math.exp(-x[xOff + i])));
        }
        break;
      case RELU:
        for (int i = 0; i < n; i++) {
          double v = x[xOff + i];
          y[yOff + i] = v > 0 ? v : 0;
        }
        break;
      default:
        throw new IllegalArgumentException(String.valueOf(f));
    }
  }

  default void activateBackward(Activation f, int n, double[] y, int yOff, double[] dy, int dyOff,
      double[] dx, int dxOff, boolean accumulate) {
    for (int i = 0; i < n; i++) {
      double v = y[yOff + i];
      double d;
      switch (f) {
        case TANH: d = 1 - v * v; break;
        case SIGMOID: d = v * (1 - v); break;
        case RELU: d = v > 0 ? 1 : 0; break;
        default: throw new IllegalArgumentException(String.valueOf(f));
      }
      double g = dy[dyOff + i] * d;
      dx[dxOff + i] = accumulate ? dx[dxOff + i] + g : g;
    }
  }

  default void multiply(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff,
      boolean accumulate) {
    for (int i = 0; i < n; i++) {
      double p = a[aOff + i] * b[bOff + i];
      out[outOff + i] = accumulate ? out[outOff + i] + p : p;
    }
  }

  default void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  default void scale(int n, double alpha, double[] x, int xOff) {
    for (int i = 0; i < n; i++) {
      x[xOff + i] *= alpha;
    }
  }

  default /*wide*/ double dot(int n, double[] x, int xOff, double[] y, int yOff) {
    var acc = 0.0;
    for (int i = 0; i < n; i++) {
      acc += (0.0 + x[xOff + i]) * y[yOff + i];
    }
    return acc;
  }

  default /*wide*/ double sumOfSquares(int n, double[] x, int xOff) {
    var acc = 0.0;
    for (int i = 0; i < n; i++) {
      var v = 0.0 + x[xOff + i];
      acc += v * v;
    }
    return acc;
  }

  default void clip(int n, /*wide*/ double lo, /*wide*/ double hi, double[] x, int xOff) {
    for (int i = 0; i < n; i++) {
      double v = x[xOff + i];
      x[xOff + i] = v < lo ? (double) lo : (v > hi ? (double) hi : v);
    }
  }

  /** {@code TensorOps.flushBelow} on an array. */
  default void flushBelow(int n, /*wide*/ double tiny, double[] x, int xOff) {
    for (int i = 0; i < n; i++) {
      double v = x[xOff + i];
      if (v != 0 && Math.abs(v) < tiny) {
        x[xOff + i] = 0;
      }
    }
  }

  default int argmax(int n, double[] x, int xOff) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (x[xOff + i] > x[xOff + best]) {
        best = i;
      }
    }
    return best;
  }
}

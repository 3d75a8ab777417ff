package dev.rnn4j.ops.scalar;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.PackedProducts;

/**
 * The {@link PackedMatrix} of the array backends ({@link ArrayTensorOps}): a copy of a matrix laid
 * out for repeated matrix-vector products ({@link PackedProducts}), such as the output layer of
 * generation, where the same weights meet one new vector per token. It does not follow later
 * changes of the matrix it was packed from.
 *
 * <p>Layouts: with {@link #panelRows()} {@code == 0} a plain row-major copy ({@code ld = cols});
 * otherwise panels of {@code P = panelRows()} rows, each stored column by column, so that one
 * column of a panel is {@code P} contiguous elements: element {@code (i, j)} is at {@code (i / P) *
 * P * cols + j * P + i % P} from {@link #start()}, and the rows of the last panel past {@code rows}
 * are zero. A backend chooses P so that a column of a panel is a whole number of its vectors, and
 * the copy starts on a 64-byte boundary when the JVM lets that be known ({@link
 * Tensor#zerosAligned}), so that none of those vectors straddles two cache lines.
 *
 * <p>Changed only by packing into it again ({@code into} of {@link #pack}); safe to share between
 * threads that only multiply with it.
 */
public final class PanelMatrix implements PackedMatrix {
  private final Tensor data;
  private final int rows;
  private final int cols;
  private final int panelRows;

  private PanelMatrix(Tensor data, int rows, int cols, int panelRows) {
    this.data = data;
    this.rows = rows;
    this.cols = cols;
    this.panelRows = panelRows;
  }

  /**
   * Packs {@code op(A)} ({@code rows x cols}; {@code op(A)} is A or its transpose, A row-major from
   * {@code aOff} with leading dimension {@code lda}) in panels of {@code panelRows} rows (0:
   * row-major).
   *
   * @param into a packed matrix to overwrite when it has this dtype, shape and layout (then no
   *     memory is allocated), or null
   * @return {@code into} refilled, or a new packed matrix
   */
  public static PanelMatrix pack(boolean transA, Tensor a, int aOff, int lda, int rows, int cols,
      int panelRows, PanelMatrix into) {
    PanelMatrix p = allocate(transA, a, lda, rows, cols, panelRows, into);
    p.fill(transA, a, aOff, lda, 0, p.panels());
    return p;
  }

  /**
   * A packed matrix for {@code op(A)} as {@link #pack} makes it, not yet filled: {@code into} when
   * it has the same dtype, shape and layout, otherwise a new one. Fill it with {@link #fill},
   * panel range by panel range (from several threads, each its own range, if need be).
   *
   * @throws IllegalArgumentException if the shape, the panel height or lda is impossible
   */
  public static PanelMatrix allocate(boolean transA, Tensor a, int lda, int rows, int cols,
      int panelRows, PanelMatrix into) {
    if (rows < 0 || cols < 0 || panelRows < 0 || lda < (transA ? rows : cols)) {
      throw new IllegalArgumentException("cannot pack " + rows + " x " + cols + " (lda " + lda
          + ", transposed " + transA + ") in panels of " + panelRows);
    }
    int paddedRows = panelRows == 0 ? rows : (rows + panelRows - 1) / panelRows * panelRows;
    return into != null && into.rows == rows && into.cols == cols
        && into.panelRows == panelRows && into.data.dtype() == a.dtype()
        ? into
        : newMatrix(a.dtype(), paddedRows, rows, cols, panelRows);
  }

  private static PanelMatrix newMatrix(DType dtype, int paddedRows, int rows, int cols,
      int panelRows) {
    Tensor data = Tensor.zerosAligned(dtype, Math.max(1, paddedRows * cols));
    return new PanelMatrix(data, rows, cols, panelRows);
  }

  /** @return the number of panels (for a row-major copy, of rows): the units of {@link #fill} */
  public int panels() {
    return panelRows == 0 ? rows : (rows + panelRows - 1) / panelRows;
  }

  /**
   * Copies the rows of panels {@code [panelFrom, panelTo)} of {@code op(A)} into this packed
   * matrix (A as for {@link #pack}, with this matrix's dtype, shape and layout); the padding rows
   * of the last panel stay zero. Calls on disjoint ranges may run at the same time.
   *
   * @throws IllegalArgumentException if the range is not within {@code [0, panels()]} or A has
   *     another dtype
   */
  public void fill(boolean transA, Tensor a, int aOff, int lda, int panelFrom, int panelTo) {
    if (panelFrom < 0 || panelTo > panels() || panelFrom > panelTo) {
      throw new IllegalArgumentException("panels [" + panelFrom + ", " + panelTo
          + ") are not within the " + panels() + " panels of this packed matrix");
    }
    if (a.dtype() != data.dtype()) {
      throw new IllegalArgumentException("cannot fill a " + data.dtype() + " packed matrix from "
          + a.dtype() + " data");
    }
    int p = Math.max(1, panelRows);
    int rowFrom = panelFrom * p;
    int rowTo = Math.min(rows, panelTo * p);
    Object src = a.dtype() == DType.F32 ? a.f32() : a.f64();
    int aFrom = a.start() + aOff; // where A's element (0, 0) lies in its array
    Object dst = a.dtype() == DType.F32 ? data.f32() : data.f64();
    if (panelRows == 0) {
      for (int i = rowFrom; i < rowTo; i++) {
        if (!transA) {
          System.arraycopy(src, aFrom + i * lda, dst, data.start() + i * cols, cols);
        } else {
          copyStrided(src, aFrom + i, lda, dst, data.start() + i * cols, 1, cols);
        }
      }
      return;
    }
    for (int i0 = rowFrom; i0 < rowTo; i0 += panelRows) {
      int len = Math.min(panelRows, rows - i0);
      int base = data.start() + i0 * cols; // the panel's start: (i0 / panelRows) * panelRows * cols
      if (transA) {
        // column j of the panel is row j of A from column i0: contiguous on both sides
        for (int j = 0; j < cols; j++) {
          System.arraycopy(src, aFrom + j * lda + i0, dst, base + j * panelRows, len);
        }
      } else {
        // a transposition: blocks of 64 columns keep the rows read and the columns written in L1
        for (int j0 = 0; j0 < cols; j0 += 64) {
          int j1 = Math.min(cols, j0 + 64);
          if (src instanceof float[]) {
            float[] from = (float[]) src;
            float[] to = (float[]) dst;
            for (int r = 0; r < len; r++) {
              int row = aFrom + (i0 + r) * lda;
              int out = base + r;
              for (int j = j0; j < j1; j++) {
                to[out + j * panelRows] = from[row + j];
              }
            }
          } else {
            double[] from = (double[]) src;
            double[] to = (double[]) dst;
            for (int r = 0; r < len; r++) {
              int row = aFrom + (i0 + r) * lda;
              int out = base + r;
              for (int j = j0; j < j1; j++) {
                to[out + j * panelRows] = from[row + j];
              }
            }
          }
        }
      }
    }
  }

  /** {@code dst[d + k * dStep] = src[s + k * sStep]} for {@code k < n}; float[] or double[]. */
  private static void copyStrided(Object src, int s, int sStep, Object dst, int d, int dStep,
      int n) {
    if (src instanceof float[]) {
      float[] from = (float[]) src;
      float[] to = (float[]) dst;
      for (int k = 0; k < n; k++) {
        to[d + k * dStep] = from[s + k * sStep];
      }
    } else {
      double[] from = (double[]) src;
      double[] to = (double[]) dst;
      for (int k = 0; k < n; k++) {
        to[d + k * dStep] = from[s + k * sStep];
      }
    }
  }

  /** @return the packed elements (see the class comment for the layout); do not modify */
  public Tensor data() {
    return data;
  }

  /**
   * @return the index in the array of {@link #data()} of element {@code (0, 0)}: where the copy
   *     starts ({@code data().start()})
   */
  public int start() {
    return data.start();
  }

  @Override
  public DType dtype() {
    return data.dtype();
  }

  /** @return the number of rows of the matrix (without padding) */
  @Override
  public int rows() {
    return rows;
  }

  /** @return the number of columns */
  @Override
  public int cols() {
    return cols;
  }

  /** @return the rows per panel, or 0 for a row-major copy */
  public int panelRows() {
    return panelRows;
  }

  /** @return the position of element {@code (i, j)} in {@link #data()} */
  public int index(int i, int j) {
    return data.start() + (panelRows == 0 ? i * cols + j
        : (i / panelRows) * panelRows * cols + j * panelRows + i % panelRows);
  }
}

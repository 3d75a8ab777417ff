package dev.rnn4j.api.ops;

import dev.rnn4j.api.Tensor;

/**
 * A copy of a matrix laid out for repeated matrix-vector products ({@link
 * TensorOps#gemv(PackedMatrix, double, Tensor, int, double, Tensor, int)}): the output layer of
 * generation, where the same weights meet one new vector per token. Made by {@link
 * TensorOps#pack}; it does not follow later changes of the matrix it was packed from.
 *
 * <p>Layouts: with {@link #panelRows()} {@code == 0} a plain row-major copy ({@code ld = cols});
 * otherwise panels of {@code P = panelRows()} rows, each stored column by column, so that one
 * column of a panel is {@code P} contiguous elements: element {@code (i, j)} is at {@code (i / P) *
 * P * cols + j * P + i % P}, and the rows of the last panel past {@code rows} are zero. A backend
 * chooses P so that a column of a panel is a whole number of its vectors.
 *
 * <p>Immutable after packing; safe to share between threads.
 */
public final class PackedMatrix {
  private final Tensor data;
  private final int rows;
  private final int cols;
  private final int panelRows;

  private PackedMatrix(Tensor data, int rows, int cols, int panelRows) {
    this.data = data;
    this.rows = rows;
    this.cols = cols;
    this.panelRows = panelRows;
  }

  /**
   * Copies {@code A} ({@code rows x cols}, row-major from {@code aOff}, leading dimension {@code
   * lda}) into the layout with panels of {@code panelRows} rows (0: row-major).
   */
  public static PackedMatrix pack(Tensor a, int aOff, int lda, int rows, int cols, int panelRows) {
    if (rows < 0 || cols < 0 || panelRows < 0 || lda < cols) {
      throw new IllegalArgumentException("cannot pack " + rows + " x " + cols + " (lda " + lda
          + ") in panels of " + panelRows);
    }
    int paddedRows = panelRows == 0 ? rows : (rows + panelRows - 1) / panelRows * panelRows;
    Tensor data = Tensor.zeros(a.dtype(), Math.max(1, paddedRows * cols));
    if (panelRows == 0) {
      for (int i = 0; i < rows; i++) {
        copyRow(a, aOff + i * lda, data, i * cols, cols);
      }
    } else if (a.dtype() == dev.rnn4j.api.DType.F32) {
      float[] src = a.f32();
      float[] dst = data.f32();
      for (int i = 0; i < rows; i++) {
        int base = (i / panelRows) * panelRows * cols + i % panelRows;
        int s = aOff + i * lda;
        for (int j = 0; j < cols; j++) {
          dst[base + j * panelRows] = src[s + j];
        }
      }
    } else {
      double[] src = a.f64();
      double[] dst = data.f64();
      for (int i = 0; i < rows; i++) {
        int base = (i / panelRows) * panelRows * cols + i % panelRows;
        int s = aOff + i * lda;
        for (int j = 0; j < cols; j++) {
          dst[base + j * panelRows] = src[s + j];
        }
      }
    }
    return new PackedMatrix(data, rows, cols, panelRows);
  }

  private static void copyRow(Tensor a, int from, Tensor to, int at, int n) {
    if (a.dtype() == dev.rnn4j.api.DType.F32) {
      System.arraycopy(a.f32(), from, to.f32(), at, n);
    } else {
      System.arraycopy(a.f64(), from, to.f64(), at, n);
    }
  }

  /** @return the packed elements (see the class comment for the layout); do not modify */
  public Tensor data() {
    return data;
  }

  /** @return the number of rows of the matrix (without padding) */
  public int rows() {
    return rows;
  }

  /** @return the number of columns */
  public int cols() {
    return cols;
  }

  /** @return the rows per panel, or 0 for a row-major copy */
  public int panelRows() {
    return panelRows;
  }

  /** @return the position of element {@code (i, j)} in {@link #data()} */
  public int index(int i, int j) {
    return panelRows == 0 ? i * cols + j : (i / panelRows) * panelRows * cols + j * panelRows + i % panelRows;
  }
}

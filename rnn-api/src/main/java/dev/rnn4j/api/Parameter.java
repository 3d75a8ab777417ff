package dev.rnn4j.api;

/**
 * A named, trainable tensor and its gradient of the same dtype and shape.
 *
 * <p>Training code zeroes the gradient before each batch ({@link #zeroGrad()}), cells and losses
 * <em>accumulate</em> into it during backward, and an optimizer reads it to update {@link
 * #value()} in place. The name is the key under which the tensor is stored in model files (for
 * example {@code layers.0.W}). Not thread-safe.
 *
 * <h2>Zeroing without touching every element</h2>
 *
 * The largest gradients of a language model are cheap to zero if one knows how they are written,
 * and zeroing them naively costs a pass over memory per batch:
 *
 * <ul>
 *   <li>{@link #zeroGrad()} only records that the gradient is zero; the first {@link #grad()}
 *       writes the zeros. A writer that overwrites every element anyway (a product with {@code
 *       beta = 0}) asks {@link #takeZeroPending()} first and skips them.
 *   <li>A table read by token ids (an input embedding) receives gradient in the rows of the
 *       tokens of the batch only. Once {@link #trackGradientRows()} is on, its writers say which
 *       rows they touched ({@link #gradForRows}, or {@link #gradForAllRows}); {@link #zeroGrad()}
 *       then zeroes those rows, and an optimizer may update only them ({@link #gradientRows()}).
 *       Every write to a tracked gradient must go through those two methods.
 * </ul>
 */
public final class Parameter {
  private final String name;
  private final Tensor value;
  private final Tensor grad;
  private boolean zeroPending;
  /** Row tracking: null when off; else which rows may be non-zero (allRows: any). */
  private boolean[] marked;
  private int[] rows;
  private int rowCount;
  private boolean allRows;

  /**
   * Wraps {@code value} (not copied) and allocates a zero gradient of the same shape, starting in
   * its array where the value does ({@link Tensor#start()}), so that code indexing both arrays
   * directly uses one index.
   */
  public Parameter(String name, Tensor value) {
    this.name = name;
    this.value = value;
    this.grad = Tensor.zerosWithStart(value.dtype(), value.start(), value.shape());
  }

  /** @return the name used in model files and messages */
  public String name() {
    return name;
  }

  /** @return the current value, updated in place by optimizers */
  public Tensor value() {
    return value;
  }

  /** @return the accumulated gradient of the loss with respect to {@link #value()} */
  public Tensor grad() {
    if (zeroPending) {
      zeroPending = false;
      grad.zero();
    }
    return grad;
  }

  /** Sets the gradient to zero (see the class comment for how little this may cost). */
  public void zeroGrad() {
    if (marked == null) {
      zeroPending = true;
      return;
    }
    if (allRows) {
      grad.zero();
      allRows = false;
    } else if (rowCount > 0) {
      int width = grad.size() / grad.dim(0);
      for (int i = 0; i < rowCount; i++) {
        zeroRegion(rows[i] * width, width);
        marked[rows[i]] = false;
      }
    }
    rowCount = 0;
  }

  private void zeroRegion(int from, int length) {
    int at = grad.start() + from;
    if (grad.dtype() == DType.F32) {
      java.util.Arrays.fill(grad.f32(), at, at + length, 0f);
    } else {
      java.util.Arrays.fill(grad.f64(), at, at + length, 0.0);
    }
  }

  /**
   * For a writer about to overwrite every element of the gradient: returns whether the gradient
   * is zero by a {@link #zeroGrad()} whose zeros were not written yet, and forgets that (so the
   * writer must then overwrite everything, as a product with {@code beta = 0} does; otherwise it
   * must add). Not for tracked gradients (always false).
   */
  public boolean takeZeroPending() {
    boolean pending = zeroPending;
    zeroPending = false;
    return pending;
  }

  /**
   * Turns on row tracking (rank-2 parameters: a row is {@code value.dim(0)}'s unit). From now on
   * every write to the gradient must go through {@link #gradForRows} or {@link #gradForAllRows}.
   */
  public void trackGradientRows() {
    if (value.rank() != 2) {
      throw new IllegalStateException(name + ": row tracking needs a matrix, not " + value.describe());
    }
    if (marked == null) {
      grad();
      marked = new boolean[value.dim(0)];
      rows = new int[16];
    }
  }

  /**
   * The gradient, for a writer that adds to the rows {@code ids[off .. off+count)} only (negative
   * ids are skipped); with row tracking off, the same as {@link #grad()}.
   */
  public Tensor gradForRows(int[] ids, int off, int count) {
    if (marked != null && !allRows) {
      for (int i = off; i < off + count; i++) {
        int r = ids[i];
        if (r >= 0 && !marked[r]) {
          marked[r] = true;
          if (rowCount == rows.length) {
            rows = java.util.Arrays.copyOf(rows, rows.length * 2);
          }
          rows[rowCount++] = r;
        }
      }
    }
    return grad();
  }

  /** The gradient, for a writer that may add anywhere (row tracking then covers every row). */
  public Tensor gradForAllRows() {
    if (marked != null && !allRows) {
      allRows = true;
      for (int i = 0; i < rowCount; i++) {
        marked[rows[i]] = false;
      }
      rowCount = 0;
    }
    return grad();
  }

  /**
   * @return the rows of a tracked gradient that may be non-zero since the last {@link
   *     #zeroGrad()}, in first-touched order (a copy), or null when unknown (tracking off, or a
   *     writer touched every row): then any element may be non-zero
   */
  public int[] gradientRows() {
    return marked == null || allRows ? null : java.util.Arrays.copyOf(rows, rowCount);
  }

  @Override
  public String toString() {
    return name + " " + value.describe();
  }
}

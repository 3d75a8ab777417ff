package dev.rnn4j.api.cell;

import dev.rnn4j.api.Tensor;

/**
 * The input of a {@link Cell} for a run of steps: either token ids (the first layer of a language
 * model: the input product is a row gather) or dense rows (the outputs of the layer below).
 * Row/id {@code t * batch + b} is step {@code t} of sequence {@code b}, starting at {@link
 * #offset()}. Immutable view; the arrays are not copied.
 */
public final class CellInput {
  private final int[] ids;
  private final Tensor dense;
  private final int offset;

  private CellInput(int[] ids, Tensor dense, int offset) {
    this.ids = ids;
    this.dense = dense;
    this.offset = offset;
  }

  /** Token ids in {@code [0, inputSize)}; a negative id is padding and gives a zero input. */
  public static CellInput tokens(int[] ids, int offset) {
    return new CellInput(ids, null, offset);
  }

  /** Dense rows of {@code inputSize} values; {@code rowOffset} counts rows, not elements. */
  public static CellInput dense(Tensor rows, int rowOffset) {
    return new CellInput(null, rows, rowOffset);
  }

  /** @return whether this input is token ids */
  public boolean isTokens() {
    return ids != null;
  }

  /** @return the ids (tokens input only) */
  public int[] ids() {
    return ids;
  }

  /** @return the dense rows (dense input only) */
  public Tensor dense() {
    return dense;
  }

  /** @return the index of the first id, or of the first dense row */
  public int offset() {
    return offset;
  }
}

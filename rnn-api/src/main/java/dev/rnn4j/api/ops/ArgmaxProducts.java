package dev.rnn4j.api.ops;

import dev.rnn4j.api.Tensor;

/**
 * An optional capability of a {@link TensorOps}: the index of the largest entry of {@code A x + b}
 * for a packed matrix A, found <em>exactly</em> but without reading all of A at full precision.
 * Greedy generation needs only that index of the output layer's logits, and streaming the whole
 * output matrix for every token is what bounds its speed; a backend offering this capability can
 * read a compact copy of A, bound the error of the compact product row by row, and compute at full
 * precision only the rows that can still be the largest.
 *
 * <p>The result is the index the plain path gives, on every input: {@link PackedProducts#gemv}
 * ({@code alpha = 1, beta = 0}) on {@code a}, then {@link TensorOps#addRowVector} of {@code b},
 * then the excluded entries set to negative infinity, then {@link TensorOps#argmax} (the first of
 * equal maxima). Inputs the error bound cannot cover (non-finite or huge values) take that plain
 * path. Same contract otherwise as {@link TensorOps} (thread-safe, arguments trusted). The
 * conformance kit compares it with the plain path, near-ties and non-finite inputs included.
 */
public interface ArgmaxProducts extends PackedProducts {
  /**
   * Packs A ({@code rows x cols}, row-major from {@code aOff} with leading dimension {@code lda})
   * as {@link #pack} does, for both {@link #gemv(PackedMatrix, double, Tensor, int, double, Tensor,
   * int)} and {@link #argmax}. A compact copy, if the backend uses one, is made from the packed
   * copy on the first {@code argmax}, so a matrix only multiplied costs no more than a plain pack.
   */
  PackedMatrix packForArgmax(Tensor a, int aOff, int lda, int rows, int cols);

  /**
   * @param a a matrix packed by {@link #packForArgmax} of this backend
   * @param x {@code a.cols()} entries from {@code xOff}
   * @param b {@code a.rows()} entries from {@code bOff}
   * @param excluded row indices never returned (may be empty; entries outside the rows ignored)
   * @param y {@code a.rows()} entries from {@code yOff} of scratch space; overwritten, its content
   *     afterwards unspecified
   * @return the index of the largest {@code (A x)_i + b_i} over rows not excluded, as the plain
   *     path above gives it
   */
  int argmax(PackedMatrix a, Tensor x, int xOff, Tensor b, int bOff, int[] excluded, Tensor y,
      int yOff);
}

package dev.rnn4j.api.ops;

import dev.rnn4j.api.Tensor;

/**
 * An optional capability of a {@link TensorOps}: matrix-vector products on a copy of the matrix
 * packed for them. Worth it for weights that meet one new vector after another, as the output
 * layer does in generation and the recurrent weight does step after step. Callers ask for it with
 * {@code ops.capability(PackedProducts.class)} and use the plain {@link TensorOps#gemv} without it.
 *
 * <p>Same contract as {@link TensorOps} (thread-safe, arguments trusted). The conformance kit
 * checks that a packed product equals the reference {@code gemv} on the matrix it was packed from.
 */
public interface PackedProducts {
  /**
   * Copies {@code op(A)} ({@code rows x cols}; {@code op(A)} is A or its transpose, A row-major
   * from {@code aOff} with leading dimension {@code lda}) into this backend's packed layout.
   *
   * @param into a matrix packed earlier by this backend, overwritten when it has the right dtype
   *     and shape (no allocation), or null
   * @return {@code into} refilled, or a new packed matrix
   */
  PackedMatrix pack(boolean transA, Tensor a, int aOff, int lda, int rows, int cols,
      PackedMatrix into);

  /**
   * {@code y = alpha * A * x + beta * y} with {@code A} packed by {@link #pack} of this backend
   * ({@code x} has {@code A.cols()} entries, {@code y} has {@code A.rows()}). With {@code beta ==
   * 0} the old content of y is ignored. y is the output.
   */
  void gemv(PackedMatrix a, double alpha, Tensor x, int xOff, double beta, Tensor y, int yOff);
}

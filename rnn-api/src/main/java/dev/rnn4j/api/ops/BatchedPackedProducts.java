package dev.rnn4j.api.ops;

import dev.rnn4j.api.Tensor;

/**
 * An optional capability of a {@link TensorOps}: {@link PackedProducts#gemv} for several vectors
 * at once, reading each part of the packed matrix once for all of them. A recurrent layer trained
 * on a batch multiplies its recurrent weight by one row of states per sequence, step after step;
 * with this capability it packs the weight once per pass and multiplies the whole batch on it.
 * Callers ask for it with {@code ops.capability(BatchedPackedProducts.class)} and use a {@link
 * TensorOps#gemm} on the plain matrix without it.
 *
 * <p>Same contract as {@link TensorOps} (thread-safe, arguments trusted). The conformance kit
 * checks that every vector gets exactly the bits of its own {@code gemv}.
 */
public interface BatchedPackedProducts extends PackedProducts {
  /**
   * For each {@code i < count}: {@code y_i = alpha * A * x_i + beta * y_i}, where {@code x_i}
   * starts at {@code xOff + i * ldx} and {@code y_i} at {@code yOff + i * ldy} (the rows of
   * row-major batches: {@code Y = alpha X A^T + beta Y}), A packed by {@link #pack} of this
   * backend. Each {@code y_i} has exactly the bits {@link #gemv} gives for {@code x_i}, so a
   * caller may switch between the two freely. The vectors must not overlap the outputs; what lies
   * between the output rows is left as it is.
   */
  void gemvBatch(PackedMatrix a, int count, double alpha, Tensor x, int xOff, int ldx,
      double beta, Tensor y, int yOff, int ldy);
}

package dev.rnn4j.api.ops;

import dev.rnn4j.api.DType;

/**
 * A matrix copied by a backend into the layout its matrix-vector product reads fastest: see
 * {@link PackedProducts}. Opaque: only the backend that packed it multiplies with it. The copy does
 * not follow later changes of the matrix it was packed from.
 */
public interface PackedMatrix {
  /** @return the number of rows of the packed matrix {@code op(A)} */
  int rows();

  /** @return the number of columns of the packed matrix {@code op(A)} */
  int cols();

  /** @return the element type */
  DType dtype();
}

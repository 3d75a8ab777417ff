package dev.rnn4j.core.cell;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.CellInput;
import dev.rnn4j.api.ops.TensorOps;

/**
 * The input products every built-in cell shares, for an input weight stored transposed ({@code
 * wT} {@code [inputSize, width]}, so token input is a row gather); the recurrent ones are in
 * {@link Recurrence}. Stateless.
 */
final class InputProjection {
  private InputProjection() {}

  /** {@code out[0..rows) = x wT}: a row gather for token input, one GEMM for dense input. */
  static void forward(TensorOps ops, CellInput input, int rows, int inputSize, Tensor wT, int width,
      Tensor out) {
    if (input.isTokens()) {
      ops.gatherRows(wT, width, input.ids(), input.offset(), rows, out, 0);
    } else {
      ops.gemm(false, false, rows, width, inputSize, 1, input.dense(), input.offset() * inputSize,
          inputSize, wT, 0, width, 0, out, 0, width);
    }
  }

  /**
   * {@code wT.grad += xᵀ d} (a scatter-add for tokens, which tells {@code wT} the rows it touched)
   * and, for dense input with {@code dInputs} not null, {@code dInputs = d wTᵀ}.
   */
  static void backward(TensorOps ops, CellInput input, int rows, int inputSize, Tensor d, int width,
      Parameter wT, Tensor dInputs) {
    if (input.isTokens()) {
      ops.scatterAddRows(d, 0, width, input.ids(), input.offset(), rows,
          wT.gradForRows(input.ids(), input.offset(), rows));
    } else {
      ops.gemm(true, false, inputSize, width, rows, 1, input.dense(), input.offset() * inputSize,
          inputSize, d, 0, width, 1, wT.gradForAllRows(), 0, width);
      if (dInputs != null) {
        ops.gemm(false, true, rows, inputSize, width, 1, d, 0, width, wT.value(), 0, width, 0,
            dInputs, 0, inputSize);
      }
    }
  }

  /**
   * Creates the input weight parameter, with row tracking on: {@link #backward} is its only
   * writer and, for token input, touches only the rows of the batch's tokens.
   */
  static Parameter inputWeight(String name, Tensor wT) {
    Parameter p = new Parameter(name, wT);
    p.trackGradientRows();
    return p;
  }
}

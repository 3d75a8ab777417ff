package dev.rnn4j.api.cell;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import java.util.List;

/**
 * One recurrent layer: it maps a sequence of inputs (token ids or dense vectors) to a sequence of
 * hidden outputs, and back-propagates through time.
 *
 * <h2>Layout</h2>
 *
 * Sequences are processed in batches, time-major: row {@code t * batch + b} of the inputs, the
 * outputs and their gradients belongs to step {@code t} of sequence {@code b}. The state carried
 * between steps has {@link #stateWidth()} entries per sequence ({@code hidden} for Elman and GRU,
 * {@code 2 * hidden} for LSTM: hidden then memory).
 *
 * <h2>Order of calls</h2>
 *
 * <ol>
 *   <li>{@link #newWorkspace} once per (maximum length, batch size); reuse it.
 *   <li>{@link #forward}: computes and keeps every activation in the workspace.
 *   <li>{@link #backward} with the same workspace and input: <em>adds</em> the gradients of the
 *       shared parameters, summed over all steps and sequences, into {@link Parameter#grad()}
 *       (or, for the {@link #parametersSteppedInBackward()} of a workspace that asks for it,
 *       a plain gradient step into their values).
 * </ol>
 *
 * Generation calls {@code forward} with one step and carries {@link CellWorkspace#finalState()}.
 *
 * <p>The input projection runs once for all steps (a row gather for token ids, one GEMM for dense
 * inputs); only the recurrence runs step by step. No allocation happens in forward or backward. A
 * cell is not thread-safe for training; distinct workspaces may run forward concurrently when no
 * thread modifies the parameters.
 */
public interface Cell {

  /** @return the sizes, dtype and options this cell was created with */
  CellSpec spec();

  /** @return the number of state entries carried per sequence between steps */
  int stateWidth();

  /**
   * @return the trainable parameters (not copies), named with the spec's prefix; their order is
   *     fixed for the life of the cell
   */
  List<Parameter> parameters();

  /** Allocates the buffers for up to {@code maxSteps} steps of {@code batch} sequences. */
  CellWorkspace newWorkspace(int maxSteps, int batch);

  /**
   * Runs {@code steps} steps forward.
   *
   * @param ws a workspace of this cell with {@code maxSteps >= steps}; its outputs and final state
   *     are written
   * @param input {@code steps * batch} token ids (a negative id is padding: zero input) or dense
   *     rows of {@code inputSize}
   * @param initialState {@code batch * stateWidth()} values, or null for zeros; not modified
   */
  void forward(CellWorkspace ws, CellInput input, Tensor initialState, int steps);

  /**
   * Back-propagates through the {@code steps} steps of the last {@link #forward} on {@code ws}.
   *
   * @param dOutputs gradient of the loss with respect to the outputs, {@code steps * batch} rows
   *     of {@code hiddenSize}; used as scratch, its content is undefined afterwards
   * @param dInputs if not null and the input is dense, receives (overwritten) the gradient with
   *     respect to the input rows; ignored for token input
   */
  void backward(CellWorkspace ws, CellInput input, Tensor dOutputs, Tensor dInputs, int steps);

  /**
   * @return whether {@link #backward} writes the state gradients a workspace asks for with {@link
   *     CellWorkspace#recordStateGradients} (an optional capability; false unless overridden)
   */
  default boolean recordsStateGradients() {
    return false;
  }

  /**
   * @return the parameters this cell steps itself in {@link #backward} when its workspace asks
   *     ({@link CellWorkspace#stepInBackward}), each one of {@link #parameters()} whose whole
   *     gradient one product (or a few, each adding to it) computes: an optional capability, empty
   *     unless overridden. A trainer using plain SGD without clipping then leaves them out of the
   *     optimizer's step, which saves storing, reading and zeroing their gradients.
   */
  default List<Parameter> parametersSteppedInBackward() {
    return List.of();
  }
}

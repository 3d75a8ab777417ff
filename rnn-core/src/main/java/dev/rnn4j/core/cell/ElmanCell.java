package dev.rnn4j.core.cell;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.Cell;
import dev.rnn4j.api.cell.CellInput;
import dev.rnn4j.api.cell.CellSpec;
import dev.rnn4j.api.cell.CellWorkspace;
import dev.rnn4j.api.ops.Activation;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.ops.Regions;
import java.util.List;

/**
 * The Elman cell {@code s_t = f(U x_t + W s_{t-1} + b_x)} with f = tanh (or relu).
 *
 * <p>Parameters: {@code Ut} = U transposed, {@code [inputSize, hidden]}, so that a one-hot input
 * product is the contiguous row {@code Ut[x_t]} and a dense input product is {@code X Ut}; {@code
 * W} {@code [hidden, hidden]} in the usual orientation; {@code bx} {@code [hidden]}. Gradients of
 * these shared parameters are summed over every step and sequence (BPTT).
 */
public final class ElmanCell implements Cell {
  private final CellSpec spec;
  private final TensorOps ops;
  private final Activation activation;
  private final Parameter ut;
  private final Parameter w;
  private final Parameter bx;
  private final List<Parameter> parameters;

  ElmanCell(CellSpec spec, TensorOps ops, Activation activation, Parameter ut, Parameter w,
      Parameter bx) {
    this.spec = spec;
    this.ops = ops;
    this.activation = activation;
    this.ut = ut;
    this.w = w;
    this.bx = bx;
    this.parameters = List.of(ut, w, bx);
  }

  @Override
  public CellSpec spec() {
    return spec;
  }

  @Override
  public int stateWidth() {
    return spec.hiddenSize();
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  /**
   * The recurrent weight, whose whole gradient one product computes ({@link
   * Recurrence#weightGradient}).
   */
  @Override
  public List<Parameter> parametersSteppedInBackward() {
    return List.of(w);
  }

  /** The pre-activations and the initial state of the last forward pass. */
  static final class Workspace extends CellWorkspace {
    final Tensor pre;
    final Recurrence recurrence = new Recurrence();
    Tensor initialState;

    Workspace(DType dtype, int maxSteps, int batch, int hidden) {
      super(dtype, maxSteps, batch, hidden, hidden);
      this.pre = Tensor.zeros(dtype, maxSteps * batch, hidden);
    }
  }

  @Override
  public CellWorkspace newWorkspace(int maxSteps, int batch) {
    return new Workspace(spec.dtype(), maxSteps, batch, spec.hiddenSize());
  }

  @Override
  public void forward(CellWorkspace cws, CellInput input, Tensor initialState, int steps) {
    Workspace ws = (Workspace) cws;
    int n = spec.hiddenSize();
    int batch = ws.batch();
    int rows = steps * batch;
    Tensor a = ws.pre;
    Tensor h = ws.outputs();
    projectInputs(input, rows, a);
    ops.addRowVector(rows, n, bx.value(), 0, a, 0);
    ws.initialState = initialState;
    ws.recurrence.beginForward(ops, w.value(), n, n, batch, steps,
        ws.weightsFixed());
    ws.recurrence.runRows(ops, false, n, n, batch,
        (from, to) -> forwardRows(ws, initialState, steps, from, to));
    Regions.copy(h, (steps - 1) * batch * n, ws.finalState(), 0, batch * n);
  }

  /** The steps of the forward pass for the sequences (rows of the batch) {@code [from, to)}. */
  private void forwardRows(Workspace ws, Tensor initialState, int steps, int from, int to) {
    int n = spec.hiddenSize();
    int batch = ws.batch();
    int rows = to - from;
    Tensor a = ws.pre;
    Tensor h = ws.outputs();
    for (int t = 0; t < steps; t++) {
      int off = (t * batch + from) * n;
      if (t > 0) {
        recur(ws, h, off - batch * n, a, off, rows);
      } else if (initialState != null) {
        recur(ws, initialState, from * n, a, off, rows);
      }
      ops.activate(activation, rows * n, a, off, h, off);
    }
  }

  private void projectInputs(CellInput input, int rows, Tensor a) {
    int n = spec.hiddenSize();
    InputProjection.forward(ops, input, rows, spec.inputSize(), ut.value(), spec.hiddenSize(), a);
  }

  /** a[aOff..] += prev[prevOff..] * W^T for {@code batch} rows. */
  private void recur(Workspace ws, Tensor prev, int prevOff, Tensor a, int aOff, int batch) {
    int n = spec.hiddenSize();
    ws.recurrence.forward(ops, prev, prevOff, w.value(), n, n, a, aOff, batch);
  }


  @Override
  public boolean recordsStateGradients() {
    return true;
  }

  @Override
  public void backward(CellWorkspace cws, CellInput input, Tensor dOutputs, Tensor dInputs,
      int steps) {
    Workspace ws = (Workspace) cws;
    int n = spec.hiddenSize();
    int batch = ws.batch();
    int rows = steps * batch;
    Tensor h = ws.outputs();
    Tensor d = dOutputs; // becomes dA in place, step by step from the last one
    ws.recurrence.beginBackward(ops, w.value(), n, n, batch, steps);
    ws.recurrence.runRows(ops, true, n, n, batch,
        (from, to) -> backwardRows(ws, d, steps, from, to));
    // dW += sum_t dA_t^T s_{t-1} (or the step of W, when the workspace asks for it)
    ws.recurrence.weightGradient(ops, ws, w, n, n, steps, d, h, ws.initialState);
    ops.addColumnSums(rows, n, d, 0, bx.grad(), 0);
    InputProjection.backward(ops, input, rows, spec.inputSize(), d, n, ut, dInputs);
  }

  /**
   * The steps of the backward pass for the sequences {@code [from, to)}: {@code d} turns from
   * dL/ds_t into dA_t in place, step by step from the last one.
   */
  private void backwardRows(Workspace ws, Tensor d, int steps, int from, int to) {
    int n = spec.hiddenSize();
    int batch = ws.batch();
    int rows = to - from;
    Tensor h = ws.outputs();
    Tensor record = ws.stateGradientRecord();
    for (int t = steps - 1; t >= 0; t--) {
      int off = (t * batch + from) * n;
      if (record != null) { // d holds the total dL/ds_t until it becomes dA_t just below
        Regions.copy(d, off, record, off, rows * n);
      }
      ops.activateBackward(activation, rows * n, h, off, d, off, d, off, false);
      if (t > 0) {
        ws.recurrence.backward(ops, d, off, w.value(), n, n, d, off - batch * n, rows);
      }
    }
  }
}

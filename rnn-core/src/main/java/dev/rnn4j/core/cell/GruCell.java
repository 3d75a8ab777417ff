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
 * The gated recurrent unit with PyTorch's {@code nn.GRU} semantics and gate order {@code r, z,
 * n}:
 *
 * <pre>
 * [xr xz xn] = x_t Wih_t + bih          [hr hz hn] = Whh h_{t-1} + bhh
 * r   = sigmoid(xr + hr)                z = sigmoid(xz + hz)
 * n_t = tanh(xn + r * hn)               (the reset gate scales the recurrent product and its bias)
 * h_t = (1 - z) * n_t + z * h_{t-1}     (the output and the state)
 * </pre>
 *
 * <p>Parameters: {@code Wih_t} {@code [inputSize, 3n]} (PyTorch's {@code weight_ih_l0}
 * transposed: a token input is one contiguous row, a dense input one GEMM for all steps), {@code
 * Whh} {@code [3n, n]} ({@code weight_hh_l0}), {@code bih}, {@code bhh} {@code [3n]} ({@code
 * bias_ih_l0}, {@code bias_hh_l0}; unlike in the LSTM they are not interchangeable). The state
 * is h, {@link #stateWidth()} = n.
 */
public final class GruCell implements Cell {
  private final CellSpec spec;
  private final TensorOps ops;
  private final Parameter wihT;
  private final Parameter whh;
  private final Parameter bih;
  private final Parameter bhh;
  private final List<Parameter> parameters;

  GruCell(CellSpec spec, TensorOps ops, Parameter wihT, Parameter whh, Parameter bih,
      Parameter bhh) {
    this.spec = spec;
    this.ops = ops;
    this.wihT = wihT;
    this.whh = whh;
    this.bih = bih;
    this.bhh = bhh;
    this.parameters = List.of(wihT, whh, bih, bhh);
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
    return List.of(whh);
  }

  /** Activated gates, the recurrent products, the initial state, and the backward scratch. */
  static final class Workspace extends CellWorkspace {
    final Recurrence recurrence = new Recurrence();
    /** {@code [maxSteps * batch, 3n]}: r, z, n_t after their activations. */
    final Tensor gates;
    /** {@code [maxSteps * batch, 3n]}: {@code Whh h_{t-1} + bhh}. */
    final Tensor recurrent;
    /** {@code [maxSteps * batch, 3n]}: gradient with respect to {@code x_t Wih_t + bih}. */
    final Tensor dInputGates;
    /** {@code [maxSteps * batch, 3n]}: gradient with respect to {@code Whh h_{t-1} + bhh}. */
    final Tensor dRecurrent;
    /** {@code [batch, n]}: h_{-1} (zeros when no initial state was given). */
    final Tensor h0;
    boolean hasInitialState;

    Workspace(DType dtype, int maxSteps, int batch, int n) {
      super(dtype, maxSteps, batch, n, n);
      int rows = maxSteps * batch;
      this.gates = Tensor.zeros(dtype, rows, 3 * n);
      this.recurrent = Tensor.zeros(dtype, rows, 3 * n);
      this.dInputGates = Tensor.zeros(dtype, rows, 3 * n);
      this.dRecurrent = Tensor.zeros(dtype, rows, 3 * n);
      this.h0 = Tensor.zeros(dtype, batch, n);
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
    int g3 = 3 * n;
    int batch = ws.batch();
    int rows = steps * batch;
    Tensor gates = ws.gates;
    Tensor rec = ws.recurrent;
    Tensor h = ws.outputs();
    projectInputs(input, rows, gates);
    ops.addRowVector(rows, g3, bih.value(), 0, gates, 0);
    Regions.zero(rec, 0, rows * g3);
    ops.addRowVector(rows, g3, bhh.value(), 0, rec, 0);
    ws.hasInitialState = initialState != null;
    if (initialState == null) {
      ws.h0.zero();
    } else {
      Regions.copy(initialState, 0, ws.h0, 0, batch * n);
    }
    ws.recurrence.beginForward(ops, whh.value(), 3 * n, n, batch, steps,
        ws.weightsFixed());
    ws.recurrence.runRows(ops, false, g3, n, batch,
        (from, to) -> forwardRows(ws, steps, from, to));
    Regions.copy(h, (steps - 1) * batch * n, ws.finalState(), 0, batch * n);
  }

  /** The steps of the forward pass for the sequences (rows of the batch) {@code [from, to)}. */
  private void forwardRows(Workspace ws, int steps, int from, int to) {
    int n = spec.hiddenSize();
    int g3 = 3 * n;
    int batch = ws.batch();
    Tensor gates = ws.gates;
    Tensor rec = ws.recurrent;
    Tensor h = ws.outputs();
    for (int t = 0; t < steps; t++) {
      int off = t * batch * n;
      Tensor hPrev = t == 0 ? ws.h0 : h;
      int prevOff = t == 0 ? 0 : off - batch * n;
      if (t > 0 || ws.hasInitialState) {
        recur(ws, hPrev, prevOff + from * n, rec, (t * batch + from) * g3, to - from);
      }
      for (int b = from; b < to; b++) {
        int go = (t * batch + b) * g3;
        int ho = off + b * n;
        ops.axpy(2 * n, 1, rec, go, gates, go);
        ops.activate(Activation.SIGMOID, 2 * n, gates, go, gates, go);
        ops.multiply(n, gates, go, rec, go + 2 * n, gates, go + 2 * n, true);
        ops.activate(Activation.TANH, n, gates, go + 2 * n, gates, go + 2 * n);
        // h = n + z * (h_{t-1} - n)
        Regions.copy(hPrev, prevOff + b * n, h, ho, n);
        ops.axpy(n, -1, gates, go + 2 * n, h, ho);
        ops.multiply(n, gates, go + n, h, ho, h, ho, false);
        ops.axpy(n, 1, gates, go + 2 * n, h, ho);
      }
    }
  }

  private void projectInputs(CellInput input, int rows, Tensor gates) {
    InputProjection.forward(ops, input, rows, spec.inputSize(), wihT.value(), 3 * spec.hiddenSize(), gates);
  }

  /** rec[rOff..] += prev[prevOff..] * Whh^T for {@code batch} rows. */
  private void recur(Workspace ws, Tensor prev, int prevOff, Tensor rec, int rOff, int batch) {
    int n = spec.hiddenSize();
    ws.recurrence.forward(ops, prev, prevOff, whh.value(), 3 * n, n, rec, rOff, batch);
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
    int g3 = 3 * n;
    int batch = ws.batch();
    int rows = steps * batch;
    Tensor d = dOutputs; // dh_t; the recurrent part is added into step t-1 as we go
    ws.recurrence.beginBackward(ops, whh.value(), 3 * n, n, batch, steps);
    ws.recurrence.runRows(ops, true, g3, n, batch,
        (from, to) -> backwardRows(ws, d, steps, from, to));
    weightGradients(ws, input, dInputs, steps, rows);
  }

  /** The steps of the backward pass for the sequences {@code [from, to)}, from the last one. */
  private void backwardRows(Workspace ws, Tensor d, int steps, int from, int to) {
    int n = spec.hiddenSize();
    int g3 = 3 * n;
    int batch = ws.batch();
    Tensor record = ws.stateGradientRecord();
    for (int t = steps - 1; t >= 0; t--) {
      int off = t * batch * n;
      if (record != null) { // d holds the total dL/dh_t before the gates use it
        Regions.copy(d, off + from * n, record, off + from * n, (to - from) * n);
      }
      Tensor hPrev = t == 0 ? ws.h0 : ws.outputs();
      int prevOff = t == 0 ? 0 : off - batch * n;
      for (int b = from; b < to; b++) {
        gateGradients(ws, d, t * batch + b, hPrev, prevOff + b * n, t > 0);
      }
      if (t > 0) {
        ws.recurrence.backward(ops, ws.dRecurrent, (t * batch + from) * g3, whh.value(), g3, n, d,
            off - batch * n + from * n, to - from);
      }
    }
  }

  /**
   * Gradients of one row's input-side and recurrent-side pre-activations, and (when {@code
   * toPrevious}) the direct part {@code dh * z} of dL/dh_{t-1}, added into the previous row of d.
   */
  private void gateGradients(Workspace ws, Tensor d, int row, Tensor hPrev, int hPrevOff,
      boolean toPrevious) {
    int n = spec.hiddenSize();
    int go = row * 3 * n;
    int ho = row * n;
    Tensor g = ws.gates;
    Tensor dx = ws.dInputGates;
    Tensor dr = ws.dRecurrent;
    // dz = dh * (h_{t-1} - n), through the sigmoid
    Regions.copy(hPrev, hPrevOff, dx, go + n, n);
    ops.axpy(n, -1, g, go + 2 * n, dx, go + n);
    ops.multiply(n, d, ho, dx, go + n, dx, go + n, false);
    ops.activateBackward(Activation.SIGMOID, n, g, go + n, dx, go + n, dx, go + n, false);
    // dn = dh * (1 - z), through the tanh: the gradient of xn
    ops.multiply(n, d, ho, g, go + n, dx, go + 2 * n, false);
    ops.scale(n, -1, dx, go + 2 * n);
    ops.axpy(n, 1, d, ho, dx, go + 2 * n);
    ops.activateBackward(Activation.TANH, n, g, go + 2 * n, dx, go + 2 * n, dx, go + 2 * n, false);
    // hn is scaled by r: d(hn) = dn * r, dr = dn * hn through the sigmoid
    ops.multiply(n, dx, go + 2 * n, g, go, dr, go + 2 * n, false);
    ops.multiply(n, dx, go + 2 * n, ws.recurrent, go + 2 * n, dx, go, false);
    ops.activateBackward(Activation.SIGMOID, n, g, go, dx, go, dx, go, false);
    Regions.copy(dx, go, dr, go, 2 * n);
    if (toPrevious) {
      ops.multiply(n, d, ho, g, go + n, d, hPrevOff, true);
    }
  }

  /** The shared-parameter gradients as GEMMs over all steps, and dInputs for dense input. */
  private void weightGradients(Workspace ws, CellInput input, Tensor dInputs, int steps, int rows) {
    int n = spec.hiddenSize();
    int g3 = 3 * n;
    Tensor dx = ws.dInputGates;
    Tensor dr = ws.dRecurrent;
    ws.recurrence.weightGradient(ops, ws, whh, g3, n, steps, dr, ws.outputs(),
        ws.hasInitialState ? ws.h0 : null);
    ops.addColumnSums(rows, g3, dr, 0, bhh.grad(), 0);
    ops.addColumnSums(rows, g3, dx, 0, bih.grad(), 0);
    InputProjection.backward(ops, input, rows, spec.inputSize(), dx, g3, wihT,
        dInputs);
  }
}

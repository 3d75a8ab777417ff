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
 * The long short-term memory cell with PyTorch's {@code nn.LSTM} semantics and gate order
 * {@code i, f, g, o}:
 *
 * <pre>
 * [i f g o] = x_t Wih_t + bih + Whh h_{t-1} + bhh      (one row of 4n pre-activations)
 * i, f, o   = sigmoid(.)     g = tanh(.)
 * c_t       = f * c_{t-1} + i * g
 * h_t       = o * tanh(c_t)                              (the output)
 * </pre>
 *
 * <p>Parameters: {@code Wih_t} {@code [inputSize, 4n]} (PyTorch's {@code weight_ih_l0}
 * transposed, so a token input is the contiguous row {@code Wih_t[x_t]} and a dense input one
 * GEMM for all steps), {@code Whh} {@code [4n, n]} ({@code weight_hh_l0} as is), {@code bih} and
 * {@code bhh} {@code [4n]} ({@code bias_ih_l0}, {@code bias_hh_l0}). The state of a sequence is
 * {@code [h (n), c (n)]}, so {@link #stateWidth()} is {@code 2n}.
 *
 * <p>Per step only the recurrent product runs (a GEMV at batch 1, a GEMM otherwise) plus the
 * element-wise gate arithmetic; the weight gradients are single GEMMs over all steps after the
 * backward loop.
 */
public final class LstmCell implements Cell {
  private final CellSpec spec;
  private final TensorOps ops;
  private final Parameter wihT;
  private final Parameter whh;
  private final Parameter bih;
  private final Parameter bhh;
  private final List<Parameter> parameters;

  LstmCell(CellSpec spec, TensorOps ops, Parameter wihT, Parameter whh, Parameter bih,
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
    return 2 * spec.hiddenSize();
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

  /** Activated gates, memory, tanh(memory), the initial state, and the backward scratch. */
  static final class Workspace extends CellWorkspace {
    final Recurrence recurrence = new Recurrence();
    /** {@code [maxSteps * batch, 4n]}: i, f, g, o after their activations. */
    final Tensor gates;
    /** {@code [maxSteps * batch, 4n]}: gradient with respect to the gate pre-activations. */
    final Tensor dGates;
    /** {@code [maxSteps * batch, n]}: c_t. */
    final Tensor memory;
    /** {@code [maxSteps * batch, n]}: tanh(c_t). */
    final Tensor tanhMemory;
    /** {@code [batch, n]}: h_{-1} and c_{-1} (zeros when no initial state was given). */
    final Tensor h0;
    final Tensor c0;
    /** {@code [batch, n]}: dL/dc carried from step t to t-1 during backward. */
    final Tensor dMemory;
    boolean hasInitialState;

    Workspace(DType dtype, int maxSteps, int batch, int n) {
      super(dtype, maxSteps, batch, n, 2 * n);
      int rows = maxSteps * batch;
      this.gates = Tensor.zeros(dtype, rows, 4 * n);
      this.dGates = Tensor.zeros(dtype, rows, 4 * n);
      this.memory = Tensor.zeros(dtype, rows, n);
      this.tanhMemory = Tensor.zeros(dtype, rows, n);
      this.h0 = Tensor.zeros(dtype, batch, n);
      this.c0 = Tensor.zeros(dtype, batch, n);
      this.dMemory = Tensor.zeros(dtype, batch, n);
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
    int g4 = 4 * n;
    int batch = ws.batch();
    int rows = steps * batch;
    Tensor gates = ws.gates;
    Tensor h = ws.outputs();
    projectInputs(input, rows, gates);
    ops.addRowVector(rows, g4, bih.value(), 0, gates, 0);
    ops.addRowVector(rows, g4, bhh.value(), 0, gates, 0);
    loadInitialState(ws, initialState);
    ws.recurrence.beginForward(ops, whh.value(), 4 * n, n, batch, steps,
        ws.weightsFixed());
    ws.recurrence.runRows(ops, false, g4, n, batch,
        (from, to) -> forwardRows(ws, steps, from, to));
    int last = (steps - 1) * batch * n;
    for (int b = 0; b < batch; b++) {
      Regions.copy(h, last + b * n, ws.finalState(), b * 2 * n, n);
      Regions.copy(ws.memory, last + b * n, ws.finalState(), b * 2 * n + n, n);
    }
  }

  /** The steps of the forward pass for the sequences (rows of the batch) {@code [from, to)}. */
  private void forwardRows(Workspace ws, int steps, int from, int to) {
    int n = spec.hiddenSize();
    int g4 = 4 * n;
    int batch = ws.batch();
    Tensor gates = ws.gates;
    Tensor h = ws.outputs();
    for (int t = 0; t < steps; t++) {
      int off = t * batch * n;
      Tensor hPrev = t == 0 ? ws.h0 : h;
      Tensor cPrev = t == 0 ? ws.c0 : ws.memory;
      int prevOff = t == 0 ? 0 : off - batch * n;
      if (t > 0 || ws.hasInitialState) {
        recur(ws, hPrev, prevOff + from * n, gates, (t * batch + from) * g4, to - from);
      }
      for (int b = from; b < to; b++) {
        int go = (t * batch + b) * g4;
        int co = off + b * n;
        ops.activate(Activation.SIGMOID, 2 * n, gates, go, gates, go);
        ops.activate(Activation.TANH, n, gates, go + 2 * n, gates, go + 2 * n);
        ops.activate(Activation.SIGMOID, n, gates, go + 3 * n, gates, go + 3 * n);
        ops.multiply(n, gates, go + n, cPrev, prevOff + b * n, ws.memory, co, false);
        ops.multiply(n, gates, go, gates, go + 2 * n, ws.memory, co, true);
      }
      int co = off + from * n;
      ops.activate(Activation.TANH, (to - from) * n, ws.memory, co, ws.tanhMemory, co);
      for (int b = from; b < to; b++) {
        int go = (t * batch + b) * g4;
        ops.multiply(n, gates, go + 3 * n, ws.tanhMemory, off + b * n, h, off + b * n, false);
      }
    }
  }

  private void loadInitialState(Workspace ws, Tensor initialState) {
    int n = spec.hiddenSize();
    ws.hasInitialState = initialState != null;
    if (initialState == null) {
      ws.h0.zero();
      ws.c0.zero();
      return;
    }
    for (int b = 0; b < ws.batch(); b++) {
      Regions.copy(initialState, b * 2 * n, ws.h0, b * n, n);
      Regions.copy(initialState, b * 2 * n + n, ws.c0, b * n, n);
    }
  }

  private void projectInputs(CellInput input, int rows, Tensor gates) {
    InputProjection.forward(ops, input, rows, spec.inputSize(), wihT.value(), 4 * spec.hiddenSize(), gates);
  }

  /** gates[gOff..] += prev[prevOff..] * Whh^T for {@code batch} rows. */
  private void recur(Workspace ws, Tensor prev, int prevOff, Tensor gates, int gOff, int batch) {
    int n = spec.hiddenSize();
    ws.recurrence.forward(ops, prev, prevOff, whh.value(), 4 * n, n, gates, gOff, batch);
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
    int g4 = 4 * n;
    int batch = ws.batch();
    int rows = steps * batch;
    Tensor d = dOutputs; // dh_t; the recurrent part is added into step t-1 as we go
    ws.recurrence.beginBackward(ops, whh.value(), 4 * n, n, batch, steps);
    ws.recurrence.runRows(ops, true, g4, n, batch,
        (from, to) -> backwardRows(ws, d, steps, from, to));
    weightGradients(ws, input, dInputs, steps, rows);
  }

  /** The steps of the backward pass for the sequences {@code [from, to)}, from the last one. */
  private void backwardRows(Workspace ws, Tensor d, int steps, int from, int to) {
    int n = spec.hiddenSize();
    int g4 = 4 * n;
    int batch = ws.batch();
    for (int t = steps - 1; t >= 0; t--) {
      int off = t * batch * n;
      Tensor cPrev = t == 0 ? ws.c0 : ws.memory;
      int prevOff = t == 0 ? 0 : off - batch * n;
      for (int b = from; b < to; b++) {
        gateGradients(ws, d, t * batch + b, cPrev, prevOff + b * n, b * n, t == steps - 1);
      }
      if (t > 0) {
        ws.recurrence.backward(ops, ws.dGates, (t * batch + from) * g4, whh.value(), g4, n, d,
            off - batch * n + from * n, to - from);
      }
    }
  }

  /**
   * Gradients of one row's gate pre-activations into {@code dGates}, and dL/dc_{t-1} into the
   * carried {@code dMemory} (overwritten at the last step, accumulated before).
   */
  private void gateGradients(Workspace ws, Tensor d, int row, Tensor cPrev, int cPrevOff, int dcOff,
      boolean lastStep) {
    int n = spec.hiddenSize();
    int go = row * 4 * n;
    int ho = row * n;
    Tensor g = ws.gates;
    Tensor dg = ws.dGates;
    Tensor dc = ws.dMemory;
    // do = dh * tanh(c), through the sigmoid
    ops.multiply(n, d, ho, ws.tanhMemory, ho, dg, go + 3 * n, false);
    ops.activateBackward(Activation.SIGMOID, n, g, go + 3 * n, dg, go + 3 * n, dg, go + 3 * n, false);
    // dc (+)= dh * o * (1 - tanh(c)^2); the i slot of dGates is scratch until di is written
    ops.multiply(n, d, ho, g, go + 3 * n, dg, go, false);
    Tensor record = ws.stateGradientRecord();
    if (record != null) { // the carried state [h_t, c_t]: dL/dh_t is in d; dc holds what c_t
      Regions.copy(d, ho, record, row * 2 * n, n); // carries into step t+1 (none after the last)
      if (lastStep) {
        Regions.zero(record, row * 2 * n + n, n);
      } else {
        Regions.copy(dc, dcOff, record, row * 2 * n + n, n);
      }
    }
    ops.activateBackward(Activation.TANH, n, ws.tanhMemory, ho, dg, go, dc, dcOff, !lastStep);
    ops.multiply(n, dc, dcOff, g, go + 2 * n, dg, go, false);          // di = dc * g
    ops.multiply(n, dc, dcOff, cPrev, cPrevOff, dg, go + n, false);    // df = dc * c_{t-1}
    ops.multiply(n, dc, dcOff, g, go, dg, go + 2 * n, false);          // dg = dc * i
    ops.multiply(n, dc, dcOff, g, go + n, dc, dcOff, false);           // dc_{t-1} = dc * f
    ops.activateBackward(Activation.SIGMOID, 2 * n, g, go, dg, go, dg, go, false);
    ops.activateBackward(Activation.TANH, n, g, go + 2 * n, dg, go + 2 * n, dg, go + 2 * n, false);
  }

  /** The shared-parameter gradients as GEMMs over all steps, and dInputs for dense input. */
  private void weightGradients(Workspace ws, CellInput input, Tensor dInputs, int steps, int rows) {
    int n = spec.hiddenSize();
    int g4 = 4 * n;
    Tensor dg = ws.dGates;
    ws.recurrence.weightGradient(ops, ws, whh, g4, n, steps, dg, ws.outputs(),
        ws.hasInitialState ? ws.h0 : null);
    ops.addColumnSums(rows, g4, dg, 0, bih.grad(), 0);
    ops.addColumnSums(rows, g4, dg, 0, bhh.grad(), 0);
    InputProjection.backward(ops, input, rows, spec.inputSize(), dg, g4, wihT,
        dInputs);
  }
}

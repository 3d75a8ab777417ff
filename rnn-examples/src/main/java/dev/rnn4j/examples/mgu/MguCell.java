package dev.rnn4j.examples.mgu;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.Cell;
import dev.rnn4j.api.cell.CellInput;
import dev.rnn4j.api.cell.CellSpec;
import dev.rnn4j.api.cell.CellWorkspace;
import dev.rnn4j.api.ops.Activation;
import dev.rnn4j.api.ops.TensorOps;
import java.util.List;

/**
 * The minimal gated unit: one gate that both forgets and updates.
 *
 * <pre>
 * f_t  = sigmoid(x_t Wih_t[:, :n] + Uf h_{t-1} + b[:n])
 * h~_t = tanh(x_t Wih_t[:, n:] + Uh (f_t * h_{t-1}) + b[n:])
 * h_t  = (1 - f_t) * h_{t-1} + f_t * h~_t                    (the output and the state)
 * </pre>
 *
 * <p>Parameters: {@code Wih_t} {@code [inputSize, 2n]} (both input weights, transposed, so a
 * token input is one row gather and a dense input one GEMM for all steps), {@code Uf} and {@code
 * Uh} {@code [n, n]}, {@code b} {@code [2n]}. Per step two recurrent products run (the second
 * needs the gate of the first), as GEMVs at batch 1 and GEMMs otherwise; every weight gradient is
 * one GEMM over all steps after the backward loop. Uses the public API only.
 */
public final class MguCell implements Cell {
  private final CellSpec spec;
  private final TensorOps ops;
  private final Parameter wihT;
  private final Parameter uf;
  private final Parameter uh;
  private final Parameter b;
  private final List<Parameter> parameters;

  MguCell(CellSpec spec, TensorOps ops, Parameter wihT, Parameter uf, Parameter uh, Parameter b) {
    this.spec = spec;
    this.ops = ops;
    this.wihT = wihT;
    this.uf = uf;
    this.uh = uh;
    this.b = b;
    this.parameters = List.of(wihT, uf, uh, b);
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

  /** The activated gate and candidate, f * h_{t-1}, the initial state, the backward scratch. */
  static final class Workspace extends CellWorkspace {
    /** {@code [maxSteps * batch, 2n]}: f_t, then h~_t, after their activations. */
    final Tensor gates;
    /** {@code [maxSteps * batch, 2n]}: gradient with respect to the two pre-activations. */
    final Tensor dGates;
    /** {@code [maxSteps * batch, n]}: f_t * h_{t-1}. */
    final Tensor gated;
    /** {@code [batch, n]}: dL/d(f_t * h_{t-1}) of the current step. */
    final Tensor dGated;
    /** {@code [batch, n]}: h_{-1} (zeros when no initial state was given). */
    final Tensor h0;
    boolean hasInitialState;

    Workspace(DType dtype, int maxSteps, int batch, int n) {
      super(dtype, maxSteps, batch, n, n);
      int rows = maxSteps * batch;
      this.gates = Tensor.zeros(dtype, rows, 2 * n);
      this.dGates = Tensor.zeros(dtype, rows, 2 * n);
      this.gated = Tensor.zeros(dtype, rows, n);
      this.dGated = Tensor.zeros(dtype, batch, n);
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
    int batch = ws.batch();
    int rows = steps * batch;
    Tensor a = ws.gates;
    Tensor h = ws.outputs();
    projectInputs(input, rows, a);
    ops.addRowVector(rows, 2 * n, b.value(), 0, a, 0);
    ws.hasInitialState = initialState != null;
    if (initialState == null) {
      ws.h0.zero();
    } else {
      copy(initialState, 0, ws.h0, 0, batch * n);
    }
    for (int t = 0; t < steps; t++) {
      int off = t * batch * n;
      Tensor hPrev = t == 0 ? ws.h0 : h;
      int prevOff = t == 0 ? 0 : off - batch * n;
      boolean recurrent = t > 0 || ws.hasInitialState; // otherwise h_{t-1} = 0
      if (recurrent) {
        recur(uf, hPrev, prevOff, a, t * batch * 2 * n, batch);
      }
      for (int s = 0; s < batch; s++) {
        int ao = (t * batch + s) * 2 * n;
        ops.activate(Activation.SIGMOID, n, a, ao, a, ao);
        ops.multiply(n, a, ao, hPrev, prevOff + s * n, ws.gated, off + s * n, false);
      }
      if (recurrent) {
        recur(uh, ws.gated, off, a, t * batch * 2 * n + n, batch);
      }
      for (int s = 0; s < batch; s++) {
        int ao = (t * batch + s) * 2 * n;
        int ho = off + s * n;
        ops.activate(Activation.TANH, n, a, ao + n, a, ao + n);
        // h = f * h~ + h_{t-1} - f * h_{t-1}
        ops.multiply(n, a, ao, a, ao + n, h, ho, false);
        ops.axpy(n, 1, hPrev, prevOff + s * n, h, ho);
        ops.axpy(n, -1, ws.gated, ho, h, ho);
      }
    }
    copy(h, (steps - 1) * batch * n, ws.finalState(), 0, batch * n);
  }

  private void projectInputs(CellInput input, int rows, Tensor a) {
    int g2 = 2 * spec.hiddenSize();
    if (input.isTokens()) {
      ops.gatherRows(wihT.value(), g2, input.ids(), input.offset(), rows, a, 0);
    } else {
      int in = spec.inputSize();
      ops.gemm(false, false, rows, g2, in, 1, input.dense(), input.offset() * in, in,
          wihT.value(), 0, g2, 0, a, 0, g2);
    }
  }

  /** {@code a[aOff..] += v[vOff..] * u^T} for {@code batch} rows of v (ld n) and of a (ld 2n). */
  private void recur(Parameter u, Tensor v, int vOff, Tensor a, int aOff, int batch) {
    int n = spec.hiddenSize();
    if (batch == 1) {
      ops.gemv(false, n, n, 1, u.value(), 0, n, v, vOff, 1, a, aOff);
    } else {
      ops.gemm(false, true, batch, n, n, 1, v, vOff, n, u.value(), 0, n, 1, a, aOff, 2 * n);
    }
  }

  /** {@code out[outOff..] (+)= g[gOff..] * u} for {@code batch} rows of g (ld 2n) and out (ld n). */
  private void recurBackward(Parameter u, Tensor g, int gOff, Tensor out, int outOff, int batch,
      boolean accumulate) {
    int n = spec.hiddenSize();
    double beta = accumulate ? 1 : 0;
    if (batch == 1) {
      ops.gemv(true, n, n, 1, u.value(), 0, n, g, gOff, beta, out, outOff);
    } else {
      ops.gemm(false, false, batch, n, n, 1, g, gOff, 2 * n, u.value(), 0, n, beta, out, outOff, n);
    }
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
    Tensor a = ws.gates;
    Tensor da = ws.dGates;
    Tensor dg = ws.dGated;
    Tensor d = dOutputs; // dh_t; the recurrent part is added into step t-1 as we go
    Tensor record = ws.stateGradientRecord();
    for (int t = steps - 1; t >= 0; t--) {
      int off = t * batch * n;
      for (int j = off; record != null && j < off + batch * n; j++) {
        record.set(j, d.get(j)); // the total dL/dh_t, before the gates use it
      }
      Tensor hPrev = t == 0 ? ws.h0 : ws.outputs();
      int prevOff = t == 0 ? 0 : off - batch * n;
      for (int s = 0; s < batch; s++) { // d(h~ pre-activation) = dh * f * (1 - h~^2)
        int ao = (t * batch + s) * 2 * n;
        ops.multiply(n, d, off + s * n, a, ao, da, ao + n, false);
        ops.activateBackward(Activation.TANH, n, a, ao + n, da, ao + n, da, ao + n, false);
      }
      recurBackward(uh, da, t * batch * 2 * n + n, dg, 0, batch, false);
      for (int s = 0; s < batch; s++) {
        int ao = (t * batch + s) * 2 * n;
        int ho = off + s * n;
        int po = prevOff + s * n;
        ops.axpy(n, -1, d, ho, dg, s * n); // dg := d(f*h_{t-1}) - dh
        // df = dh * h~ + (d(f*h_{t-1}) - dh) * h_{t-1}, through the sigmoid
        ops.multiply(n, d, ho, a, ao + n, da, ao, false);
        ops.multiply(n, dg, s * n, hPrev, po, da, ao, true);
        ops.activateBackward(Activation.SIGMOID, n, a, ao, da, ao, da, ao, false);
        if (t > 0) { // dh_{t-1} += dh + (d(f*h_{t-1}) - dh) * f
          ops.axpy(n, 1, d, ho, d, po);
          ops.multiply(n, dg, s * n, a, ao, d, po, true);
        }
      }
      if (t > 0) {
        recurBackward(uf, da, t * batch * 2 * n, d, prevOff, batch, true);
      }
    }
    weightGradients(ws, input, dInputs, steps);
  }

  /** The shared-parameter gradients as GEMMs over all steps, and dInputs for dense input. */
  private void weightGradients(Workspace ws, CellInput input, Tensor dInputs, int steps) {
    int n = spec.hiddenSize();
    int g2 = 2 * n;
    int batch = ws.batch();
    int rows = steps * batch;
    Tensor da = ws.dGates;
    if (steps > 1) {
      ops.gemm(true, false, n, n, (steps - 1) * batch, 1, da, batch * g2, g2, ws.outputs(), 0, n,
          1, uf.grad(), 0, n);
    }
    if (ws.hasInitialState) {
      ops.gemm(true, false, n, n, batch, 1, da, 0, g2, ws.h0, 0, n, 1, uf.grad(), 0, n);
    }
    ops.gemm(true, false, n, n, rows, 1, da, n, g2, ws.gated, 0, n, 1, uh.grad(), 0, n);
    ops.addColumnSums(rows, g2, da, 0, b.grad(), 0);
    if (input.isTokens()) {
      ops.scatterAddRows(da, 0, g2, input.ids(), input.offset(), rows, wihT.grad());
    } else {
      int in = spec.inputSize();
      ops.gemm(true, false, in, g2, rows, 1, input.dense(), input.offset() * in, in, da, 0, g2,
          1, wihT.grad(), 0, g2);
      if (dInputs != null) {
        ops.gemm(false, true, rows, in, g2, 1, da, 0, g2, wihT.value(), 0, g2, 0, dInputs, 0, in);
      }
    }
  }

  /** Copies {@code len} elements (same dtype); the API has no copy kernel, so plain Java. */
  private static void copy(Tensor src, int srcOff, Tensor dst, int dstOff, int len) {
    if (dst.dtype() == DType.F32) {
      System.arraycopy(src.f32(), src.start() + srcOff, dst.f32(), dst.start() + dstOff, len);
    } else {
      System.arraycopy(src.f64(), src.start() + srcOff, dst.f64(), dst.start() + dstOff, len);
    }
  }
}

package dev.rnn4j.testkit.ops;

import static dev.rnn4j.testkit.ops.KitChecks.assertClose;
import static dev.rnn4j.testkit.ops.KitChecks.tiny;
import static dev.rnn4j.testkit.ops.KitChecks.unitRoundoff;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.FusedLinearStep;
import dev.rnn4j.api.ops.TensorOps;
import java.util.Random;

/**
 * The kit's check of {@link FusedLinearStep#linearBackwardStep} against the two products it fuses,
 * made by the reference: {@code dX = dY W + beta dX} with the old W, and {@code W += step dY^T X}.
 */
final class FusedStepCheck {
  private FusedStepCheck() {}

  static void check(TensorOps ref, FusedLinearStep fused, DType dtype, int rows, int out, int in,
      int variant) {
    Random rnd = new Random(41L * variant + rows * 7919L + out * 104729L + in * 15485863L);
    double beta = variant % 3 == 0 ? 0 : (variant % 3 == 1 ? 1.0 : 0.5);
    double step = variant % 2 == 0 ? -0.1 : 0.75;
    Layout ly = Layout.contiguous(rnd, rows, out);
    Layout lx = Layout.contiguous(rnd, rows, in);
    Layout lw = Layout.contiguous(rnd, out, in);
    Layout ld = Layout.contiguous(rnd, rows, in);
    Tensor dy = ly.fill(dtype, rnd);
    Tensor x = lx.fill(dtype, rnd);
    Tensor w0 = lw.fill(dtype, rnd);
    Tensor dx0 = ld.fillOutput(dtype, rnd, beta);
    Tensor w = w0.copy();
    Tensor dx = dx0.copy();
    fused.linearBackwardStep(rows, out, in, dy, ly.off, x, lx.off, step, w, lw.off, beta, dx, ld.off);
    String what = "linearBackwardStep " + dtype + " rows=" + rows + " out=" + out + " in=" + in
        + " beta=" + beta + " step=" + step;

    Tensor dxRef = dx0.copy();
    ref.gemm(false, false, rows, in, out, 1, dy, ly.off, out, w0, lw.off, in, beta, dxRef, ld.off,
        in);
    Tensor wRef = w0.copy();
    ref.gemm(true, false, out, in, rows, step, dy, ly.off, out, x, lx.off, in, 1, wRef, lw.off, in);
    // bounds: the same products on absolute values
    Tensor dxMag = Tensor.zeros(dtype, rows * in);
    ref.gemm(false, false, rows, in, out, 1, abs(dy), ly.off, out, abs(w0), lw.off, in, 0, dxMag,
        0, in);
    Tensor wMag = Tensor.zeros(dtype, out * in);
    ref.gemm(true, false, out, in, rows, 1, abs(dy), ly.off, out, abs(x), lx.off, in, 0, wMag, 0,
        in);
    double u = unitRoundoff(dtype);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < in; j++) {
        int at = ld.off + i * in + j;
        double old = beta == 0 ? 0 : Math.abs(beta * dx0.get(at));
        double tol = 2 * (out + 4) * u * (dxMag.get(i * in + j) + old) + tiny(dtype);
        assertClose(dxRef.get(at), dx.get(at), tol, what + " dX", i + "," + j);
      }
    }
    for (int i = 0; i < out; i++) {
      for (int j = 0; j < in; j++) {
        int at = lw.off + i * in + j;
        double tol = 2 * (rows + 4) * u * (Math.abs(step) * wMag.get(i * in + j)
            + Math.abs(w0.get(at))) + tiny(dtype);
        assertClose(wRef.get(at), w.get(at), tol, what + " W", i + "," + j);
      }
    }
    ld.assertOutsideUnchanged(dx0, dx, what + " dX");
    lw.assertOutsideUnchanged(w0, w, what + " W");
  }

  private static Tensor abs(Tensor t) {
    Tensor a = t.copy();
    for (int i = 0; i < a.size(); i++) {
      a.set(i, Math.abs(a.get(i)));
    }
    return a;
  }
}

package dev.rnn4j.core.cell;

import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.PackedProducts;
import dev.rnn4j.api.ops.TensorOps;

/**
 * The recurrent products of one layer, step by step, for a recurrent weight {@code W} {@code
 * [width, n]}: forward {@code out += prev Wᵀ}, backward {@code dPrev += dPre W}. A GEMM per step
 * for a batch; a GEMV at batch 1, on copies of W (forward) and Wᵀ (backward) packed for the
 * backend's matrix-vector product when the pass is long enough to repay the packing. A packed
 * product saved 15-25% of a 512 x 512 GEMV here, and about half of a 128 x 128 one (the unpacked
 * one ends each row with a horizontal sum); packing Wᵀ (for backward) is row copies and costs
 * about 3 GEMVs, so it pays from {@value #PACK_MIN_STEPS_BACKWARD} steps; packing W (for forward)
 * is a transposition, 5-15 GEMVs ({@code KernelTimes pack: pgemv: gemv:}), and pays from {@value
 * #PACK_MIN_STEPS_FORWARD} (from 16 rather than 32, config a1, T = 25, took 23% less time per
 * sequence). When the workspace's weights are fixed
 * ({@link dev.rnn4j.api.cell.CellWorkspace#fixWeights()}, as in generation) W is packed once, on
 * the first pass, whatever its length. One per cell workspace; the packed copies are refilled in
 * place, so nothing is allocated after the first pass. A backend without the {@link
 * PackedProducts} capability always multiplies W itself.
 */
final class Recurrence {
  /** Forward passes of at least this many steps (at batch 1) run on packed weights. */
  static final int PACK_MIN_STEPS_FORWARD = 16;
  /** Backward passes of at least this many steps (at batch 1) run on packed weights. */
  static final int PACK_MIN_STEPS_BACKWARD = 8;

  /** The backend's packed products, found at the first pass; null when it has none. */
  private PackedProducts packing;
  private boolean packingLooked;
  private PackedMatrix forward;
  private PackedMatrix backward;
  private boolean forwardPacked;
  private boolean backwardPacked;

  /**
   * Call before the steps of a forward pass; packs W when it pays.
   *
   * @param fixed whether W is known not to have changed since the last pass
   */
  void beginForward(TensorOps ops, Tensor w, int width, int n, int batch, int steps,
      boolean fixed) {
    if (fixed && batch == 1 && forward != null) {
      forwardPacked = true;
      return;
    }
    lookForPacking(ops);
    forwardPacked = packing != null && batch == 1 && (steps >= PACK_MIN_STEPS_FORWARD || fixed);
    if (forwardPacked) {
      forward = packing.pack(false, w, 0, n, width, n, forward);
    }
  }

  private void lookForPacking(TensorOps ops) {
    if (!packingLooked) {
      packing = ops.capability(PackedProducts.class).orElse(null);
      packingLooked = true;
    }
  }

  /** {@code out[outOff..] += prev[prevOff..] Wᵀ} for {@code batch} rows. */
  void forward(TensorOps ops, Tensor prev, int prevOff, Tensor w, int width, int n, Tensor out,
      int outOff, int batch) {
    if (forwardPacked) {
      packing.gemv(forward, 1, prev, prevOff, 1, out, outOff);
    } else if (batch == 1) {
      ops.gemv(false, width, n, 1, w, 0, n, prev, prevOff, 1, out, outOff);
    } else {
      ops.gemm(false, true, batch, width, n, 1, prev, prevOff, n, w, 0, n, 1, out, outOff, width);
    }
  }

  /** Call before the steps of a backward pass; packs Wᵀ when it pays. */
  void beginBackward(TensorOps ops, Tensor w, int width, int n, int batch, int steps) {
    lookForPacking(ops);
    backwardPacked = packing != null && batch == 1 && steps >= PACK_MIN_STEPS_BACKWARD;
    if (backwardPacked) {
      backward = packing.pack(true, w, 0, n, n, width, backward);
    }
  }

  /** {@code dPrev[prevOff..] += dPre[preOff..] W} for {@code batch} rows. */
  void backward(TensorOps ops, Tensor dPre, int preOff, Tensor w, int width, int n, Tensor dPrev,
      int prevOff, int batch) {
    if (backwardPacked) {
      packing.gemv(backward, 1, dPre, preOff, 1, dPrev, prevOff);
    } else if (batch == 1) {
      ops.gemv(true, width, n, 1, w, 0, n, dPre, preOff, 1, dPrev, prevOff);
    } else {
      ops.gemm(false, false, batch, n, width, 1, dPre, preOff, width, w, 0, n, 1, dPrev, prevOff, n);
    }
  }
}

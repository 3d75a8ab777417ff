package dev.rnn4j.core.cell;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.CellWorkspace;
import dev.rnn4j.api.ops.BatchedPackedProducts;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.PackedProducts;
import dev.rnn4j.api.ops.ParallelRanges;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.ops.Regions;

/**
 * The recurrent products of one layer, step by step, for a recurrent weight {@code W} {@code
 * [width, n]}: forward {@code out += prev Wᵀ}, backward {@code dPrev += dPre W}. On copies of W
 * (forward) and Wᵀ (backward) packed for the backend's matrix-vector product when the pass is long
 * enough to repay the packing ({@code steps x batch} products of one vector): a GEMV per step at
 * batch 1, and for a batch {@link BatchedPackedProducts#gemvBatch} (each row with the bits of its
 * own GEMV) when the backend offers it. Else a GEMV on W per step at batch 1 and a GEMM on W for a
 * batch. A batch of 16 rows with the 512 x 512 W of configuration a2 ran 2.1-2.3x faster packed
 * than as the GEMM on W in three runs and as fast in a fourth, 32 rows 1.2-1.7x ({@code
 * KernelTimes pgemvb:16,512,512 NT:16,512,512}, and 128 x 128 alike). A packed
 * product saved 15-25% of a 512 x 512 GEMV here, and about half of a 128 x 128 one (the unpacked
 * one ends each row with a horizontal sum); packing Wᵀ (for backward) is row copies and costs
 * about 3 GEMVs, so it pays from {@value #PACK_MIN_STEPS_BACKWARD} steps; packing W (for forward)
 * is a transposition, 5-15 GEMVs ({@code KernelTimes pack: pgemv: gemv:}), and pays from {@value
 * #PACK_MIN_STEPS_FORWARD} (from 16 rather than 32, config a1, T = 25, took 23% less time per
 * sequence). When the workspace's weights are fixed
 * ({@link dev.rnn4j.api.cell.CellWorkspace#fixWeights()}, as in generation) W is packed once, on
 * the first pass, whatever its length. One per cell workspace; the packed copies are refilled in
 * place, so nothing is allocated after the first pass. A backend without the {@link
 * PackedProducts} capability always multiplies W itself. After the backward steps, {@link
 * #weightGradient} computes W's gradient (or steps W) in one product.
 */
final class Recurrence {
  /** Forward passes of at least this many steps times batch rows run on packed weights. */
  static final int PACK_MIN_STEPS_FORWARD = 16;
  /** Backward passes of at least this many steps times batch rows run on packed weights. */
  static final int PACK_MIN_STEPS_BACKWARD = 8;
  /** The fewest rows of a batch whose steps run by rows on the threads ({@link #runRows}). */
  static final int ROWS_MIN_BATCH = 16;
  /** The largest W (elements) whose steps run by rows on the threads ({@link #runRows}). */
  static final long ROWS_MAX_WEIGHT = 1L << 17;
  /** The fewest sequences worth a thread of their own when a batch's steps run by rows. */
  static final int ROWS_PER_THREAD = 8;

  /** The backend's packed products, found at the first pass; null when it has none. */
  private PackedProducts packing;
  /** The backend's packed products of a batch; null when it has none. */
  private BatchedPackedProducts batched;
  private boolean packingLooked;
  private PackedMatrix forward;
  private PackedMatrix backward;
  private boolean forwardPacked;
  private boolean backwardPacked;
  /** The initial state followed by the outputs of a pass, for {@link #weightGradient}. */
  private Tensor precededOutputs;

  /**
   * Call before the steps of a forward pass; packs W when it pays.
   *
   * @param fixed whether W is known not to have changed since the last pass
   */
  void beginForward(TensorOps ops, Tensor w, int width, int n, int batch, int steps,
      boolean fixed) {
    lookForPacking(ops);
    if (fixed && forward != null && pays(batch, 1, 1)) {
      forwardPacked = true;
      return;
    }
    forwardPacked = pays(batch, steps, PACK_MIN_STEPS_FORWARD) || (fixed && pays(batch, 1, 1));
    if (forwardPacked) {
      forward = packing.pack(false, w, 0, n, width, n, forward);
    }
  }

  private void lookForPacking(TensorOps ops) {
    if (!packingLooked) {
      packing = ops.capability(PackedProducts.class).orElse(null);
      batched = ops.capability(BatchedPackedProducts.class).orElse(null);
      packingLooked = true;
    }
  }

  /** @return whether a pass of {@code steps} steps runs on packed weights */
  private boolean pays(int batch, int steps, int minimum) {
    return batch == 1 ? packing != null && steps >= minimum
        : batched != null && (long) steps * batch >= minimum;
  }

  /**
   * Runs {@code body} over the rows {@code [0, batch)} of a pass: by ranges of sequences on the
   * backend's threads ({@link #forRowRanges}) when that gives the same bits and pays, else once
   * over all rows on the calling thread. By ranges, a cell runs all the steps of its rows on one
   * thread, with no synchronization per step and each core keeping its own sequences' states in
   * its cache; over all rows, each step's product is split over the threads (by panels of W) and
   * the threads meet at every step. By ranges only on packed weights multiplied by {@link
   * BatchedPackedProducts#gemvBatch}, whose every row has the bits of its own product however the
   * rows are grouped; with the backend's {@link ParallelRanges}; and for at least {@value
   * #ROWS_MIN_BATCH} rows and a packed W of at most {@value #ROWS_MAX_WEIGHT} elements, which
   * each core then reads whole at every step (split by panels, it reads half).
   *
   * @param backward whether for the backward pass (after {@link #beginBackward}), else the forward
   *     one (after {@link #beginForward})
   */
  void runRows(TensorOps ops, boolean backward, int width, int n, int batch,
      ParallelRanges.Range body) {
    boolean packed = backward ? backwardPacked : forwardPacked;
    boolean byRows = packed && batched != null && batch >= ROWS_MIN_BATCH
        && (long) width * n <= ROWS_MAX_WEIGHT;
    ParallelRanges ranges = byRows ? ops.capability(ParallelRanges.class).orElse(null) : null;
    if (ranges != null) {
      forRowRanges(ranges, batch, n, body);
    } else {
      body.run(0, batch);
    }
  }

  /**
   * Runs {@code body} over ranges of the rows {@code [0, batch)} (of {@code width} elements each)
   * on {@code ranges}, every range but the last starting and ending at a multiple of 16 elements:
   * a backend's element-wise kernels over a range then split it into vectors and a scalar tail as
   * they split the whole batch (vectors of up to 16 elements), so each element gets the same bits.
   */
  static void forRowRanges(ParallelRanges ranges, int batch, int width, ParallelRanges.Range body) {
    int group = 16 / gcd(width, 16); // rows per group: group * width is a multiple of 16
    int groups = (batch + group - 1) / group;
    ranges.forRanges(groups, Math.max(1, ROWS_PER_THREAD / group), (from, to) -> {
      int last = Math.min(batch, to * group);
      if (from * group < last) {
        body.run(from * group, last);
      }
    });
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** {@code out[outOff..] += prev[prevOff..] Wᵀ} for {@code batch} rows. */
  void forward(TensorOps ops, Tensor prev, int prevOff, Tensor w, int width, int n, Tensor out,
      int outOff, int batch) {
    if (forwardPacked && batch == 1) {
      packing.gemv(forward, 1, prev, prevOff, 1, out, outOff);
    } else if (forwardPacked) {
      batched.gemvBatch(forward, batch, 1, prev, prevOff, n, 1, out, outOff, width);
    } else if (batch == 1) {
      ops.gemv(false, width, n, 1, w, 0, n, prev, prevOff, 1, out, outOff);
    } else {
      ops.gemm(false, true, batch, width, n, 1, prev, prevOff, n, w, 0, n, 1, out, outOff, width);
    }
  }

  /** Call before the steps of a backward pass; packs Wᵀ when it pays. */
  void beginBackward(TensorOps ops, Tensor w, int width, int n, int batch, int steps) {
    lookForPacking(ops);
    backwardPacked = pays(batch, steps, PACK_MIN_STEPS_BACKWARD);
    if (backwardPacked) {
      backward = packing.pack(true, w, 0, n, n, width, backward);
    }
  }

  /** {@code dPrev[prevOff..] += dPre[preOff..] W} for {@code batch} rows. */
  void backward(TensorOps ops, Tensor dPre, int preOff, Tensor w, int width, int n, Tensor dPrev,
      int prevOff, int batch) {
    if (backwardPacked && batch == 1) {
      packing.gemv(backward, 1, dPre, preOff, 1, dPrev, prevOff);
    } else if (backwardPacked) {
      batched.gemvBatch(backward, batch, 1, dPre, preOff, width, 1, dPrev, prevOff, n);
    } else if (batch == 1) {
      ops.gemv(true, width, n, 1, w, 0, n, dPre, preOff, 1, dPrev, prevOff);
    } else {
      ops.gemm(false, false, batch, n, width, 1, dPre, preOff, width, w, 0, n, 1, dPrev, prevOff, n);
    }
  }

  /**
   * The gradient of a recurrent weight W {@code [width, n]} over a pass of {@code steps} steps:
   * {@code dW += sum_t dPre_tᵀ prev_t}, with prev_t the outputs of step t-1 ({@code outputs},
   * {@code n} wide) and, for step 0, {@code initial} (null: zeros, no term). One product over all
   * the steps: with an initial state, on a copy of it followed by the outputs (so the sum is the
   * same whether it is added to the gradient or to W, and W's gradient is read and written once).
   * With a step asked of the workspace ({@link CellWorkspace#stepInBackward}) the product adds
   * {@code step} times the sum to W itself instead, and the gradient is not touched; else, while
   * the gradient's zeros are not written yet ({@link Parameter#zeroGrad}), it overwrites the
   * gradient rather than adding to them.
   *
   * @param dPre the gradients of the pre-activations, {@code steps * batch} rows of {@code width}
   */
  void weightGradient(TensorOps ops, CellWorkspace ws, Parameter w, int width, int n, int steps,
      Tensor dPre, Tensor outputs, Tensor initial) {
    int batch = ws.batch();
    int first = initial == null ? 1 : 0; // the first step with a term
    if (steps <= first) {
      return;
    }
    Tensor prev = outputs;
    if (initial != null) {
      if (precededOutputs == null) { // one Recurrence per workspace: its shape does not change
        precededOutputs = Tensor.zeros(outputs.dtype(), ws.maxSteps() * batch * n);
      }
      prev = precededOutputs;
      Regions.copy(initial, 0, prev, 0, batch * n);
      Regions.copy(outputs, 0, prev, batch * n, (steps - 1) * batch * n);
    }
    double step = ws.backwardStep();
    boolean stepping = !Double.isNaN(step);
    double beta = stepping || !w.takeZeroPending() ? 1 : 0;
    ops.gemm(true, false, width, n, (steps - first) * batch, stepping ? step : 1, dPre,
        first * batch * width, width, prev, 0, n, beta, stepping ? w.value() : w.grad(), 0, n);
  }
}

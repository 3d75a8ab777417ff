package dev.rnn4j.api.ops;

import dev.rnn4j.api.Tensor;

/**
 * An optional capability of a {@link TensorOps}: the backward pass of a linear layer {@code Y = X
 * W^T} fused with a plain gradient step of its weights, so that the gradient of W (for the output
 * layer, the largest one) is never stored. The trainer asks for it with {@code
 * ops.capability(FusedLinearStep.class)} when the update is plain SGD without clipping, and
 * otherwise computes the gradient and lets the optimizer step it.
 */
public interface FusedLinearStep {
  /**
   * {@code dX = dY W + beta dX}, with W as it was on entry, then {@code W += step dY^T X}. dY is
   * {@code rows x out} from {@code dyOff}, X {@code rows x in} from {@code xOff}, W {@code out x
   * in} from {@code wOff}, dX {@code rows x in} from {@code dxOff}, all contiguous (the leading
   * dimension is the row width). With {@code beta == 0} the old content of dX is ignored. W and dX
   * are the outputs; they must not overlap each other or the inputs. When a backend splits the
   * work over threads, each partial result is combined in a fixed order, so the result does not
   * depend on timing. The conformance kit compares it with the two products it fuses.
   */
  void linearBackwardStep(int rows, int out, int in, Tensor dY, int dyOff, Tensor x, int xOff,
      double step, Tensor w, int wOff, double beta, Tensor dX, int dxOff);
}

package dev.rnn4j.ops.simd;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.ops.ArgmaxProducts;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.ops.scalar.PanelMatrix;

/**
 * The {@link PackedMatrix} of {@link ArgmaxProducts#packForArgmax} in the {@code simd} backend: the
 * exact packed copy ({@link PanelMatrix}, what every product reads) and, for a float32 matrix, the
 * {@link FloatArgmaxScreen} made from it on the first argmax. Safe to share between threads that
 * only multiply with it.
 */
final class ScreenedPanels implements PackedMatrix {
  private final PanelMatrix exact;
  private volatile FloatArgmaxScreen screen;

  ScreenedPanels(PanelMatrix exact) {
    this.exact = exact;
  }

  /** @return the exact packed copy */
  PanelMatrix exact() {
    return exact;
  }

  /**
   * @param kernels the float kernels that split the work over threads as the exact product does
   * @return the compact copy for argmax, made now if this is the first call
   */
  FloatArgmaxScreen screen(FloatSimdKernels kernels) {
    FloatArgmaxScreen s = screen;
    if (s == null) {
      synchronized (this) {
        s = screen;
        if (s == null) {
          s = FloatArgmaxScreen.of(exact, kernels);
          screen = s;
        }
      }
    }
    return s;
  }

  @Override
  public int rows() {
    return exact.rows();
  }

  @Override
  public int cols() {
    return exact.cols();
  }

  @Override
  public DType dtype() {
    return exact.dtype();
  }
}

package dev.rnn4j.ops.simd;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.ArrayTensorOps;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * The {@code simd} backend: {@link ArrayTensorOps} over {@link FloatSimdKernels} and {@link
 * DoubleSimdKernels}. This class touches {@code jdk.incubator.vector}; it is loaded by name by
 * {@link SimdTensorOpsProvider} only after the provider has checked that the module is present.
 *
 * <p>Thread-safe. Large GEMMs use up to {@code threads} threads (the caller and {@code threads -
 * 1} daemon workers shared by the float and double kernels of this instance).
 */
public final class SimdTensorOps extends ArrayTensorOps {
  /** @param threads the threads a call may use, the caller included (1 = no extra threads) */
  public SimdTensorOps(int threads) {
    this(new WorkerPool(threads));
  }

  private final FloatSimdKernels f32;
  private final DoubleSimdKernels f64;

  private SimdTensorOps(WorkerPool pool) {
    this(new FloatSimdKernels(pool), new DoubleSimdKernels(pool));
  }

  private SimdTensorOps(FloatSimdKernels f32, DoubleSimdKernels f64) {
    super(SimdTensorOpsProvider.NAME, f32, f64);
    this.f32 = f32;
    this.f64 = f64;
  }

  /** Splits the rows of W over the threads as the forward product does (see the kernels). */
  @Override
  public void linearBackwardStep(int rows, int out, int in, Tensor dY, int dyOff, Tensor x,
      int xOff, double step, Tensor w, int wOff, double beta, Tensor dX, int dxOff) {
    if (w.dtype() == DType.F32) {
      f32.linearBackwardStep(rows, out, in, dY.f32(), dyOff, x.f32(), xOff, (float) step, w.f32(),
          wOff, (float) beta, dX.f32(), dxOff);
    } else {
      f64.linearBackwardStep(rows, out, in, dY.f64(), dyOff, x.f64(), xOff, step, w.f64(), wOff,
          beta, dX.f64(), dxOff);
    }
  }

  /** @return the vector shape in use, for the provider's one INFO line */
  public static String vectorDescription() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors ("
        + FloatVector.SPECIES_PREFERRED.length() + " floats, "
        + DoubleVector.SPECIES_PREFERRED.length() + " doubles per vector)";
  }
}

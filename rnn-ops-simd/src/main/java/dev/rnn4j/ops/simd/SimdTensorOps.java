package dev.rnn4j.ops.simd;

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

  private SimdTensorOps(WorkerPool pool) {
    super(SimdTensorOpsProvider.NAME, new FloatSimdKernels(pool), new DoubleSimdKernels(pool));
  }

  /** @return the vector shape in use, for the provider's one INFO line */
  public static String vectorDescription() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors ("
        + FloatVector.SPECIES_PREFERRED.length() + " floats, "
        + DoubleVector.SPECIES_PREFERRED.length() + " doubles per vector)";
  }
}

package dev.rnn4j.ops.ejml;

import dev.rnn4j.ops.scalar.ArrayTensorOps;

/**
 * The {@code ejml} backend: {@link ArrayTensorOps} over {@link FloatEjmlKernels} and {@link
 * DoubleEjmlKernels} (GEMM and GEMV on EJML, the rest plain Java). Thread-safe.
 */
public final class EjmlTensorOps extends ArrayTensorOps {
  /** @param threads the threads a large product may use (1 = the calling thread only) */
  public EjmlTensorOps(int threads) {
    super(EjmlTensorOpsProvider.NAME, new FloatEjmlKernels(threads), new DoubleEjmlKernels(threads));
    this.threads = threads;
  }

  private final int threads;

  /** @return {@code ejml, N threads} */
  @Override
  public String toString() {
    return name() + ", " + threads + (threads == 1 ? " thread" : " threads");
  }
}

package dev.rnn4j.ops.simd;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.testkit.ops.TensorOpsConformanceTest;

/** The SIMD kernels against the reference, with two threads so the parallel GEMM path runs. */
class SimdTensorOpsConformanceTest extends TensorOpsConformanceTest {
  @Override
  protected TensorOps opsUnderTest() {
    return new SimdTensorOpsProvider().create(
        Options.of("threads", "2", "argmax-screen", "at-once"));
  }
}

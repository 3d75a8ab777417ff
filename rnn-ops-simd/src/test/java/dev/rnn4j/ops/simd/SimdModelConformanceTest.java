package dev.rnn4j.ops.simd;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.testkit.model.ModelConformanceTest;

/** The Elman model on the SIMD kernels reproduces the reference fixtures. */
class SimdModelConformanceTest extends ModelConformanceTest {
  @Override
  protected TensorOps opsUnderTest() {
    return new SimdTensorOpsProvider().create(Options.of("threads", "2"));
  }
}

package dev.rnn4j.ops.ejml;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.testkit.ops.TensorOpsConformanceTest;

/** The EJML kernels against the reference, with two threads so the concurrent products run. */
class EjmlTensorOpsConformanceTest extends TensorOpsConformanceTest {
  @Override
  protected TensorOps opsUnderTest() {
    return new EjmlTensorOpsProvider().create(Options.of("threads", "2"));
  }
}

package dev.rnn4j.testkit.ops;

import dev.rnn4j.api.ops.TensorOps;

/** Runs the kit against the {@code scalar} reference itself: proves the kit runs and its tolerances hold. */
class ScalarTensorOpsConformanceTest extends TensorOpsConformanceTest {
  @Override
  protected TensorOps opsUnderTest() {
    return referenceOps();
  }
}

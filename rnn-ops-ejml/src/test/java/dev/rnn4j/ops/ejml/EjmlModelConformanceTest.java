package dev.rnn4j.ops.ejml;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.testkit.model.ModelConformanceTest;

/** The Elman model on the EJML kernels reproduces the reference fixtures. */
class EjmlModelConformanceTest extends ModelConformanceTest {
  @Override
  protected TensorOps opsUnderTest() {
    return new EjmlTensorOpsProvider().create(Options.of("threads", "2"));
  }
}

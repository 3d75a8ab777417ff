package dev.rnn4j.testkit.optim;

import dev.rnn4j.api.Options;
import dev.rnn4j.core.optim.SgdProvider;

/** The optimizer kit on {@code SgdProvider} with momentum 0.9. */
class SgdMomentumConformanceTest extends OptimizerConformanceTest {
  SgdMomentumConformanceTest() {
    super(new SgdProvider(), Options.of("momentum", "0.9"));
  }
}

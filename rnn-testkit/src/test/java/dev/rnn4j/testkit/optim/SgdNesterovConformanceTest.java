package dev.rnn4j.testkit.optim;

import dev.rnn4j.api.Options;
import dev.rnn4j.core.optim.SgdProvider;

/** The optimizer kit on {@code SgdProvider} with Nesterov momentum 0.5. */
class SgdNesterovConformanceTest extends OptimizerConformanceTest {
  SgdNesterovConformanceTest() {
    super(new SgdProvider(), Options.of("momentum", "0.5", "nesterov", "true"));
  }
}

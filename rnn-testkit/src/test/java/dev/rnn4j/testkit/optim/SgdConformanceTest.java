package dev.rnn4j.testkit.optim;

import dev.rnn4j.api.Options;
import dev.rnn4j.core.optim.SgdProvider;

/** The optimizer kit on {@code SgdProvider} with the default options. */
class SgdConformanceTest extends OptimizerConformanceTest {
  SgdConformanceTest() {
    super(new SgdProvider(), Options.empty());
  }
}

package dev.rnn4j.testkit.optim;

import dev.rnn4j.api.Options;
import dev.rnn4j.core.optim.AdamProvider;

/** The optimizer kit on {@code AdamProvider} with the default options. */
class AdamConformanceTest extends OptimizerConformanceTest {
  AdamConformanceTest() {
    super(new AdamProvider(), Options.empty());
  }
}

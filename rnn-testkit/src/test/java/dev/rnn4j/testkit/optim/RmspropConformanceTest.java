package dev.rnn4j.testkit.optim;

import dev.rnn4j.api.Options;
import dev.rnn4j.core.optim.RmspropProvider;

/** The optimizer kit on {@code RmspropProvider} with alpha 0.9. */
class RmspropConformanceTest extends OptimizerConformanceTest {
  RmspropConformanceTest() {
    super(new RmspropProvider(), Options.of("alpha", "0.9"));
  }
}

package dev.rnn4j.testkit.optim;

import dev.rnn4j.api.Options;
import dev.rnn4j.core.optim.AdagradProvider;

/** The optimizer kit on {@code AdagradProvider} with the default options. */
class AdagradConformanceTest extends OptimizerConformanceTest {
  AdagradConformanceTest() {
    super(new AdagradProvider(), Options.empty());
  }

  @Override
  protected double quadraticLearningRate() {
    return 0.5;
  }
}

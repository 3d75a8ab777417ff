package dev.rnn4j.testkit.optim;

import dev.rnn4j.api.Options;
import dev.rnn4j.core.optim.AdamProvider;

/** The optimizer kit on {@code AdamProvider} with decoupled weight decay (AdamW). */
class AdamWConformanceTest extends OptimizerConformanceTest {
  AdamWConformanceTest() {
    super(new AdamProvider(), Options.of("beta1", "0.8", "weight-decay", "0.01"));
  }

  @Override
  protected boolean zeroGradientKeepsParameters() {
    return false;
  }
}

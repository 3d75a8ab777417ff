package dev.rnn4j.testkit.loss;

import dev.rnn4j.api.Options;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;

/** The core's {@code softmax-ce} loss keeps the loss contract. */
class SoftmaxCrossEntropyConformanceTest extends LossConformanceTest {
  SoftmaxCrossEntropyConformanceTest() {
    super(new SoftmaxCrossEntropyProvider(), Options.empty());
  }
}

/** The conformance kit for {@link dev.rnn4j.api.loss.LossProvider} plugins. */
package dev.rnn4j.testkit.loss;

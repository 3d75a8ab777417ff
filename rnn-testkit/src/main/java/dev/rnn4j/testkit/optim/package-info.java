/**
 * The conformance kit for optimizer plugins: subclass {@link
 * dev.rnn4j.testkit.optim.OptimizerConformanceTest} in one line to check a {@link
 * dev.rnn4j.api.optim.OptimizerProvider}.
 */
package dev.rnn4j.testkit.optim;

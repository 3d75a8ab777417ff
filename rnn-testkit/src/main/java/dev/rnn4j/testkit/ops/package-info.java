/**
 * The {@link dev.rnn4j.api.ops.TensorOps} conformance kit: subclass {@link
 * dev.rnn4j.testkit.ops.TensorOpsConformanceTest} in one line to test a backend.
 */
package dev.rnn4j.testkit.ops;

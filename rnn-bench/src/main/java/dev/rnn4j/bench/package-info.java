/** JMH microbenchmarks of the {@link dev.rnn4j.api.ops.TensorOps} backends. */
package dev.rnn4j.bench;

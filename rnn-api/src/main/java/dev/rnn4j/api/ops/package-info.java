/** The math-backend SPI: {@link dev.rnn4j.api.ops.TensorOps} and its provider. */
package dev.rnn4j.api.ops;

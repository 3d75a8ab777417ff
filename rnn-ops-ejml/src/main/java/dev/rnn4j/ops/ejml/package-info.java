/** The {@code ejml} {@link dev.rnn4j.api.ops.TensorOps} backend: GEMM and GEMV on EJML. */
package dev.rnn4j.ops.ejml;

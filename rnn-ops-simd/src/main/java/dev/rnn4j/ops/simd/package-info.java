/**
 * The {@code simd} {@link dev.rnn4j.api.ops.TensorOps} backend on {@code jdk.incubator.vector}.
 * Only {@link dev.rnn4j.ops.simd.SimdTensorOpsProvider} may be touched without the incubator
 * module; it loads the rest by name after probing for it.
 */
package dev.rnn4j.ops.simd;

/**
 * The {@code scalar} reference backend and the base of the array backends: {@link
 * dev.rnn4j.ops.scalar.ArrayTensorOps} dispatches on the dtype to {@link
 * dev.rnn4j.ops.scalar.DoubleKernels} or {@code FloatKernels} (generated from it), whose default
 * methods are the plain-Java reference every backend is compared with.
 *
 * <p>Naming: dtypes are {@code F32}/{@code F64} ({@link dev.rnn4j.api.DType}, {@code Tensor.f32()});
 * code written for one Java element type is named {@code Float*}/{@code Double*}, the float one
 * generated from the double one.
 */
package dev.rnn4j.ops.scalar;

package dev.rnn4j.ops.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The few vector operations that depend on the bit layout of the element type, so cannot be
 * written once in the double template and generated for float: building {@code 2^k} from the
 * exponent field.
 */
final class VectorBits {
  private VectorBits() {}

  /**
   * @param t {@code k + 1.5 * 2^52} for an integer k in [-1022, 1023], as produced by the
   *     round-to-nearest trick (so k sits in the low bits of the mantissa)
   * @return {@code 2^k} in every lane, built in the exponent bits (no float-int conversion)
   */
  static DoubleVector pow2FromRounded(DoubleVector t) {
    LongVector bits = t.reinterpretAsLongs().add(1023L - 0x4338000000000000L);
    return bits.lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
  }

  /**
   * @param t {@code k + 1.5 * 2^23} for an integer k in [-126, 127], as produced by the
   *     round-to-nearest trick (so k sits in the low bits of the mantissa)
   * @return {@code 2^k} in every lane, built in the exponent bits (no float-int conversion)
   */
  static FloatVector pow2FromRounded(FloatVector t) {
    IntVector bits = t.reinterpretAsInts().add(127 - 0x4B400000);
    return bits.lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
  }
}

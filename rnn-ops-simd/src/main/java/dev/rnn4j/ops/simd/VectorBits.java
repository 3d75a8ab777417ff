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
   * @param k integral values in [-1022, 1023]
   * @return {@code 2^k} in every lane, built in the exponent bits
   */
  static DoubleVector pow2(DoubleVector k) {
    LongVector e = (LongVector) k.convert(VectorOperators.D2L, 0);
    return e.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
  }

  /**
   * @param k integral values in [-126, 127]
   * @return {@code 2^k} in every lane, built in the exponent bits
   */
  static FloatVector pow2(FloatVector k) {
    IntVector e = (IntVector) k.convert(VectorOperators.F2I, 0);
    return e.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
  }
}

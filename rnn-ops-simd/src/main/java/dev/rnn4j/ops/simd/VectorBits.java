package dev.rnn4j.ops.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The few vector operations that depend on the element type, so cannot be written once in the
 * double template and generated for float: building {@code 2^k} from the exponent field, {@code
 * exp(r)} on the reduced range {@code |r| <= ln2 / 2} at the precision of the type, and the sum of
 * a vector's lanes in a fixed order. Small enough that C2 inlines them (a vector crossing a call
 * that is not inlined is boxed).
 */
final class VectorBits {
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  // lane i paired with lane i ^ h, for the butterfly of sum(); null where h >= the lane count
  private static final VectorShuffle<Double> D4 = xor(DS, 4);
  private static final VectorShuffle<Double> D2 = xor(DS, 2);
  private static final VectorShuffle<Double> D1 = xor(DS, 1);
  private static final VectorShuffle<Float> F8 = xor(FS, 8);
  private static final VectorShuffle<Float> F4 = xor(FS, 4);
  private static final VectorShuffle<Float> F2 = xor(FS, 2);
  private static final VectorShuffle<Float> F1 = xor(FS, 1);

  private VectorBits() {}

  private static <E> VectorShuffle<E> xor(VectorSpecies<E> species, int h) {
    return h < species.length() ? VectorShuffle.fromOp(species, i -> i ^ h) : null;
  }

  /**
   * @param v a vector of the preferred species
   * @return the sum of its lanes, added in a fixed order (a butterfly: lanes {@code i} and {@code
   *     i ^ h} for {@code h = L/2, ..., 1}) whether the caller runs interpreted or compiled. {@code
   *     reduceLanes(ADD)} leaves the order of a floating-point sum to the implementation, and JDK
   *     25 on x86 adds in one order before C2 has compiled the caller and in another after: with
   *     it, a training run's last bits would depend on the JIT's timing.
   */
  static double sum(DoubleVector v) {
    if (DS.length() > 8) { // wider machines: lane by lane, in lane order
      double s = 0;
      for (int i = 0; i < v.length(); i++) {
        s += v.lane(i);
      }
      return s;
    }
    if (D4 != null) {
      v = v.add(v.rearrange(D4));
    }
    if (D2 != null) {
      v = v.add(v.rearrange(D2));
    }
    if (D1 != null) {
      v = v.add(v.rearrange(D1));
    }
    return v.lane(0);
  }

  /**
   * @param v a vector of the preferred species
   * @return the sum of its lanes in a fixed order, as {@link #sum(DoubleVector)}
   */
  static float sum(FloatVector v) {
    if (FS.length() > 16) { // wider machines: lane by lane, in lane order
      float s = 0;
      for (int i = 0; i < v.length(); i++) {
        s += v.lane(i);
      }
      return s;
    }
    if (F8 != null) {
      v = v.add(v.rearrange(F8));
    }
    if (F4 != null) {
      v = v.add(v.rearrange(F4));
    }
    if (F2 != null) {
      v = v.add(v.rearrange(F2));
    }
    if (F1 != null) {
      v = v.add(v.rearrange(F1));
    }
    return v.lane(0);
  }

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

  /**
   * @param r reduced arguments, {@code |r| <= ln2 / 2}
   * @return {@code exp(r)}: Cephes' Pade form {@code 1 + 2 r P(r^2) / (Q(r^2) - r P(r^2))}, within
   *     about 1 ulp of double
   */
  static DoubleVector expReduced(DoubleVector r) {
    DoubleVector z = r.mul(r);
    DoubleVector px = r.mul(z.lanewise(VectorOperators.FMA, 1.26177193074810590878E-4,
            3.02994407707441961300E-2)
        .lanewise(VectorOperators.FMA, z, DoubleVector.broadcast(r.species(), 9.99999999999999999910E-1)));
    DoubleVector qx = z.lanewise(VectorOperators.FMA, 3.00198505138664455042E-6,
            2.52448340349684104192E-3)
        .lanewise(VectorOperators.FMA, z, DoubleVector.broadcast(r.species(), 2.27265548208155028766E-1))
        .lanewise(VectorOperators.FMA, z, DoubleVector.broadcast(r.species(), 2.00000000000000000009E0));
    return px.div(qx.sub(px)).mul(2).add(1);
  }

  /**
   * @param r reduced arguments, {@code |r| <= ln2 / 2}
   * @return {@code exp(r)}: Cephes' expf polynomial {@code 1 + r + r^2 P(r)}, degree 5, within
   *     about 1 ulp of float; no division
   */
  static FloatVector expReduced(FloatVector r) {
    FloatVector p = r.lanewise(VectorOperators.FMA, 1.9875691500E-4f, 1.3981999507E-3f)
        .lanewise(VectorOperators.FMA, r, FloatVector.broadcast(r.species(), 8.3334519073E-3f))
        .lanewise(VectorOperators.FMA, r, FloatVector.broadcast(r.species(), 4.1665795894E-2f))
        .lanewise(VectorOperators.FMA, r, FloatVector.broadcast(r.species(), 1.6666665459E-1f))
        .lanewise(VectorOperators.FMA, r, FloatVector.broadcast(r.species(), 5.0000001201E-1f));
    return p.lanewise(VectorOperators.FMA, r.mul(r), r).add(1);
  }
}

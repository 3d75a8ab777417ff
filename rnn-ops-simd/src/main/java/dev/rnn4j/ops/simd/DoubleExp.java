// TEMPLATE: the float version (FloatExp) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector exp and what is built on it: the shifted exp of the softmax ({@link
 * #expShiftedInPlace}) and tanh and sigmoid ({@link #expKernel}). exp is a Cody-Waite reduction,
 * then Cephes' Pade form in float64 and Cephes' expf polynomial in float32 (see {@link
 * VectorBits#expReduced}); tanh near zero is Cephes' rational approximation. Maximum error of the
 * vector tanh against {@link Math#tanh}, measured on 2^18 points over [-20, 20]: float64 3.3e-16
 * absolute (1.5 ulp of 1), 4.5e-16 relative; float32 8.8e-8 absolute (1.5 ulp of 1), 1.4e-7
 * relative. {@code SimdTanhAccuracyTest} holds it to 2 ulp of 1 absolute in both.
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleExp {
  private DoubleExp() {}

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final double LOG2E = (double) 1.4426950408889634;
  private static final double LN2_HI = (double) 6.93145751953125E-1;
  private static final double LN2_LO = (double) 1.42860682030941723212E-6;
  /** Adding and subtracting it rounds to the nearest integer (1.5 * 2^mantissa bits). */
  private static final double ROUND_MAGIC = (double) (1.5 / Math.ulp((double) 1));
  /** exp is evaluated on [-EXP_LIMIT, EXP_LIMIT]: 2^k stays a normal number, never overflows. */
  private static final double EXP_LIMIT = (double) (Math.log(Double.MAX_VALUE) - 2);
  private static final double TANH_SMALL = (double) 0.625;
  private static final double TP0 = (double) -9.64399179425052238628E-1;
  private static final double TP1 = (double) -9.92877231001918586564E1;
  private static final double TP2 = (double) -1.61468768441708447952E3;
  private static final double TQ1 = (double) 1.12811678491632931402E2;
  private static final double TQ2 = (double) 2.23548839060100448583E3;
  private static final double TQ3 = (double) 4.84406305325125486048E3;

  /** Modes of {@link #expKernel}. */
  static final int TANH = 0;
  static final int SIGMOID = 1;

  /**
   * x[i] = exp(x[i] - shift), in place. Its own loop rather than a mode of {@link #expKernel}: the
   * softmax is the largest elementwise cost of training, and the specialised loop is twice as fast.
   *
   * @return the sum of the new x, vector partial sums folded into the wide sum every 16 vectors
   */
  static /*wide*/ double expShiftedInPlace(int n, double[] x, int off, double shift) {
    int bound = S.loopBound(n);
    /*wide*/ double sum = 0;
    DoubleVector acc = DoubleVector.zero(S);
    int i = 0;
    for (; i < bound; i += L) {
      DoubleVector ex = DoubleVector.fromArray(S, x, off + i).sub(shift).max(-EXP_LIMIT);
      DoubleVector rounded = ex.lanewise(VectorOperators.FMA, LOG2E, ROUND_MAGIC);
      DoubleVector k = rounded.sub(ROUND_MAGIC);
      DoubleVector r = k.lanewise(VectorOperators.FMA, -LN2_HI, ex);
      r = k.lanewise(VectorOperators.FMA, -LN2_LO, r);
      DoubleVector e = VectorBits.expReduced(r).mul(VectorBits.pow2FromRounded(rounded));
      e.intoArray(x, off + i);
      acc = acc.add(e);
      if ((i / L & 15) == 15) {
        sum += VectorBits.sum(acc);
        acc = DoubleVector.zero(S);
      }
    }
    sum += VectorBits.sum(acc);
    for (; i < n; i++) {
      double e = (double) Math.exp((/*wide*/ double) x[off + i] - shift);
      x[off + i] = e;
      sum += e;
    }
    return sum;
  }

  /**
   * tanh and sigmoid built on the vector exp, written out inline: a vector passed to or returned
   * from a method that C2 does not inline is boxed. Modes: TANH writes y = tanh(x); SIGMOID writes
   * y = 1 / (1 + exp(-x)). Scalar tails use Math.
   *
   * <p>exp: Cody-Waite reduction x = k ln2 + r, {@link VectorBits#expReduced} for exp(r), times
   * 2^k built in the exponent bits; inputs clamped to +-EXP_LIMIT. tanh: Cephes' rational form
   * below 0.625, (1 - e) / (1 + e) with e = exp(-2|x|) above.
   */
  static void expKernel(int mode, int n, double[] x, int xOff, double[] y, int yOff) {
    int bound = S.loopBound(n);
    DoubleVector one = DoubleVector.broadcast(S, 1);
    int i = 0;
    for (; i < bound; i += L) {
      DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
      DoubleVector arg = mode == TANH ? v.abs().mul(-2) : v.neg();
      // ---- exp(arg)
      DoubleVector ex = arg.max(-EXP_LIMIT).min(EXP_LIMIT);
      DoubleVector rounded = ex.lanewise(VectorOperators.FMA, LOG2E, ROUND_MAGIC);
      DoubleVector k = rounded.sub(ROUND_MAGIC);
      DoubleVector r = k.lanewise(VectorOperators.FMA, -LN2_HI, ex);
      r = k.lanewise(VectorOperators.FMA, -LN2_LO, r);
      DoubleVector e = VectorBits.expReduced(r).mul(VectorBits.pow2FromRounded(rounded));
      // ---- use it
      if (mode == SIGMOID) {
        one.div(e.add(1)).intoArray(y, yOff + i);
      } else {
        DoubleVector t = one.sub(e).div(e.add(1));
        DoubleVector large = t.blend(t.neg(), v.compare(VectorOperators.LT, 0));
        DoubleVector zz = v.mul(v);
        DoubleVector num = zz.lanewise(VectorOperators.FMA, TP0, TP1)
            .lanewise(VectorOperators.FMA, zz, DoubleVector.broadcast(S, TP2));
        DoubleVector den = zz.add(TQ1)
            .lanewise(VectorOperators.FMA, zz, DoubleVector.broadcast(S, TQ2))
            .lanewise(VectorOperators.FMA, zz, DoubleVector.broadcast(S, TQ3));
        DoubleVector small = v.mul(zz).mul(num.div(den)).add(v);
        large.blend(small, v.abs().compare(VectorOperators.LT, TANH_SMALL)).intoArray(y, yOff + i);
      }
    }
    for (; i < n; i++) {
      /*wide*/ double xv = x[xOff + i];
      y[yOff + i] = mode == SIGMOID ? (double) (1 / (1 + Math.exp(-xv))) : (double) Math.tanh(xv);
    }
  }
}

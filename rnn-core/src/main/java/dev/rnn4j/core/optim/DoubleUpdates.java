// TEMPLATE: the float version (FloatUpdates) is generated from this file in the build.
package dev.rnn4j.core.optim;

/**
 * The element-wise update loops of the optimizers on plain {@code double[]} arrays, written once:
 * the {@code float[]} twin {@code FloatUpdates} is generated from this file in the build, so float32
 * parameters are updated in float32 arithmetic, as PyTorch does.
 *
 * <p>Each loop performs, element by element and in the same order of operations, the sequence of
 * in-place tensor operations of the PyTorch single-tensor implementation named in its comment
 * ({@code addcmul(t1, t2, value)} is {@code self + value * t1 * t2}, {@code addcdiv} is {@code
 * self + value * t1 / t2}, {@code lerp} is {@code self + w * (end - self)} for {@code |w| < 0.5}
 * and {@code end - (end - self) * (1 - w)} otherwise). Scalars arrive in double and are rounded to
 * the element type once. Only the arrays documented as modified are written; the gradient {@code
 * g} is only read. Each loop runs over the elements {@code [from, to)}, so that a large parameter
 * can be stepped in ranges on several threads (the same result: each element is independent).
 * Callers validate lengths (all arrays hold at least {@code to} elements).
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleUpdates {
  private DoubleUpdates() {}

  /**
   * SGD with momentum (dampening 0): {@code b = mu * b + g}; {@code d = nesterov ? g + mu * b : b};
   * {@code p = p - lr * d}. A zero buffer on the first step gives PyTorch's {@code b = g}.
   *
   * @param p the parameter, modified
   * @param b the momentum buffer, modified
   */
  static void sgdMomentum(int from, int to, double[] p, double[] g, double[] b,
      /*wide*/ double lr, /*wide*/ double momentum, boolean nesterov) {
    double negLr = (double) -lr;
    double mu = (double) momentum;
    for (int i = from; i < to; i++) {
      double buf = b[i] * mu + g[i];
      b[i] = buf;
      double d = nesterov ? g[i] + mu * buf : buf;
      p[i] = p[i] + negLr * d;
    }
  }

  /**
   * Adagrad: {@code s = addcmul(s, g, g, 1)}; {@code p = addcdiv(p, g, sqrt(s) + eps, -clr)}.
   *
   * @param p the parameter, modified
   * @param s the running sum of squared gradients, modified
   */
  static void adagrad(int from, int to, double[] p, double[] g, double[] s, /*wide*/ double lr,
      /*wide*/ double eps) {
    double negLr = (double) -lr;
    double e = (double) eps;
    for (int i = from; i < to; i++) {
      double sum = s[i] + g[i] * g[i];
      s[i] = sum;
      double std = (double) Math.sqrt(sum) + e;
      p[i] = p[i] + negLr * g[i] / std;
    }
  }

  /**
   * RMSprop (not centered, no momentum): {@code v = addcmul(v * alpha, g, g, 1 - alpha)}; {@code p
   * = addcdiv(p, g, sqrt(v) + eps, -lr)}.
   *
   * @param p the parameter, modified
   * @param v the running average of squared gradients, modified
   */
  static void rmsprop(int from, int to, double[] p, double[] g, double[] v, /*wide*/ double lr,
      /*wide*/ double alpha, /*wide*/ double eps) {
    double negLr = (double) -lr;
    double a = (double) alpha;
    double oneMinusA = (double) (1 - alpha);
    double e = (double) eps;
    for (int i = from; i < to; i++) {
      double sq = v[i] * a + oneMinusA * g[i] * g[i];
      v[i] = sq;
      double avg = (double) Math.sqrt(sq) + e;
      p[i] = p[i] + negLr * g[i] / avg;
    }
  }

  /**
   * Adam/AdamW moments and update (decoupled weight decay, if any, is applied to {@code p} by the
   * caller before): {@code m = lerp(m, g, 1 - beta1)}; {@code v = addcmul(v * beta2, g, g, 1 -
   * beta2)}; {@code p = addcdiv(p, m, sqrt(v) / bc2Sqrt + eps, -stepSize)}.
   *
   * @param p the parameter, modified
   * @param m the first moment, modified
   * @param v the second moment, modified
   * @param stepSize {@code lr / (1 - beta1^t)}
   * @param bc2Sqrt {@code sqrt(1 - beta2^t)}
   */
  static void adam(int from, int to, double[] p, double[] g, double[] m, double[] v,
      /*wide*/ double stepSize, /*wide*/ double beta1, /*wide*/ double beta2,
      /*wide*/ double bc2Sqrt, /*wide*/ double eps) {
    /*wide*/ double w1Wide = 1 - beta1;
    double w1 = (double) w1Wide;
    double oneMinusW1 = (double) (1 - w1);
    boolean small = Math.abs(w1) < 0.5;
    double b2 = (double) beta2;
    double oneMinusB2 = (double) (1 - beta2);
    double negStep = (double) -stepSize;
    double bc2 = (double) bc2Sqrt;
    double e = (double) eps;
    for (int i = from; i < to; i++) {
      double gi = g[i];
      double mi = m[i];
      double m1 = small ? mi + w1 * (gi - mi) : gi - (gi - mi) * oneMinusW1;
      m[i] = m1;
      double v1 = v[i] * b2 + oneMinusB2 * gi * gi;
      v[i] = v1;
      double denom = (double) Math.sqrt(v1) / bc2 + e;
      p[i] = p[i] + negStep * m1 / denom;
    }
  }
}

package dev.rnn4j.core.optim;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.api.optim.OptimizerProvider;
import dev.rnn4j.api.ops.TensorOps;
import java.util.Set;

/**
 * Adam, {@code adam}, with PyTorch's {@code torch.optim.Adam} semantics (no amsgrad) and, when
 * {@code weight-decay} is above 0, the decoupled weight decay of {@code torch.optim.AdamW}. For
 * every parameter {@code p} with gradient {@code g}, at step {@code t = 1, 2, ...}, element-wise:
 *
 * <pre>
 * p = p * (1 - lr * wd)                                  (only when wd &gt; 0)
 * m = m + (1 - beta1) * (g - m)                          (m, v start at 0)
 * v = beta2 * v + (1 - beta2) * g * g
 * p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>Options: {@code beta1} (default 0.9), {@code beta2} (default 0.999), both in [0, 1); {@code
 * eps} (default 1e-8, greater than 0); {@code weight-decay} (default 0, at least 0, with {@code lr
 * * weight-decay} below 1). State: {@code step}, {@code <parameter>/exp_avg} (m) and {@code
 * <parameter>/exp_avg_sq} (v). Priority -10: used only when named.
 *
 * <p>After each step, the elements of m and v below the smallest normal number of their type are
 * set to zero (see {@code SlotOptimizer.updateInRanges}: the update of an input table ran five
 * times slower with them); PyTorch keeps them, and the difference stays far below the last bit of
 * the weights.
 */
public final class AdamProvider implements OptimizerProvider {
  /** The provider name. */
  public static final String NAME = "adam";
  /** Option key: the decay of the first moment. */
  public static final String BETA1 = "beta1";
  /** Option key: the decay of the second moment. */
  public static final String BETA2 = "beta2";
  /** Option key: the term added to the denominator. */
  public static final String EPS = "eps";
  /** Option key: decoupled (AdamW) weight decay. */
  public static final String WEIGHT_DECAY = "weight-decay";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return -10;
  }

  @Override
  public String description() {
    return "Adam, AdamW with weight-decay > 0 (options: beta1, beta2, eps, weight-decay)";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(BETA1, BETA2, EPS, WEIGHT_DECAY);
  }

  @Override
  public Optimizer create(TensorOps ops, double learningRate, Options options) {
    Hyperparameters h = new Hyperparameters(NAME, options, optionKeys());
    double beta1 = h.fraction(BETA1, 0.9, "the decay of the gradient average");
    double beta2 = h.fraction(BETA2, 0.999, "the decay of the squared-gradient average");
    double eps = h.positive(EPS, 1e-8, "added to the denominator");
    double wd = h.nonNegative(WEIGHT_DECAY, 0, "decoupled weight decay per unit of learning rate");
    return new Adam(ops, learningRate, beta1, beta2, eps, wd);
  }

  private static final class Adam extends SlotOptimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;

    Adam(TensorOps ops, double lr, double beta1, double beta2, double eps, double weightDecay) {
      super(NAME, ops, "exp_avg", "exp_avg_sq");
      this.beta1 = beta1;
      this.beta2 = beta2;
      this.eps = eps;
      this.weightDecay = weightDecay;
      setLearningRate(lr);
    }

    @Override
    void checkLearningRate(double lr) {
      super.checkLearningRate(lr);
      if (lr * weightDecay >= 1) {
        throw new RnnException("optimizer 'adam': the learning rate times the weight decay must be"
            + " below 1 (each step multiplies the weights by 1 - lr * weight-decay), got " + lr
            + " * " + weightDecay);
      }
    }

    @Override
    void update(Parameter p, Tensor[] state, long step) {
      Tensor v = p.value();
      Tensor g = p.grad();
      double lr = learningRate();
      if (weightDecay > 0) {
        ops().scale(v.size(), 1 - lr * weightDecay, v, 0);
      }
      double stepSize = lr / (1 - Math.pow(beta1, step));
      double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
      if (isF32(v)) {
        float[] pv = v.f32();
        float[] gv = g.f32();
        float[] m = state[0].f32();
        float[] s = state[1].f32();
        updateInRanges(v, (from, to) -> FloatUpdates.adam(from, to, pv, gv, m, s,
            stepSize, beta1, beta2, bc2Sqrt, eps), state[0], state[1]);
      } else {
        double[] pv = v.f64();
        double[] gv = g.f64();
        double[] m = state[0].f64();
        double[] s = state[1].f64();
        updateInRanges(v, (from, to) -> DoubleUpdates.adam(from, to, pv, gv, m, s,
            stepSize, beta1, beta2, bc2Sqrt, eps), state[0], state[1]);
      }
    }
  }
}

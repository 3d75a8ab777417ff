package dev.rnn4j.core.optim;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.api.optim.OptimizerProvider;
import dev.rnn4j.api.ops.TensorOps;
import java.util.Set;

/**
 * RMSprop, {@code rmsprop}, with PyTorch's {@code torch.optim.RMSprop} semantics (not centered, no
 * momentum, no weight decay). For every parameter {@code p} with gradient {@code g},
 * element-wise:
 *
 * <pre>
 * v = alpha * v + (1 - alpha) * g * g        (v starts at 0)
 * p = p - lr * g / (sqrt(v) + eps)
 * </pre>
 *
 * <p>Options: {@code alpha} (default 0.99, in [0, 1)), {@code eps} (default 1e-8, greater than 0).
 * State: {@code step} and {@code <parameter>/square_avg}. Priority -10: used only when named.
 */
public final class RmspropProvider implements OptimizerProvider {
  /** The provider name. */
  public static final String NAME = "rmsprop";
  /** Option key: the smoothing constant of the squared-gradient average. */
  public static final String ALPHA = "alpha";
  /** Option key: the term added to the denominator. */
  public static final String EPS = "eps";

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
    return "RMSprop: steps divided by a running RMS of the gradients (options: alpha, eps)";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(ALPHA, EPS);
  }

  @Override
  public Optimizer create(TensorOps ops, double learningRate, Options options) {
    Hyperparameters h = new Hyperparameters(NAME, options, optionKeys());
    double alpha = h.fraction(ALPHA, 0.99, "the decay of the squared-gradient average");
    double eps = h.positive(EPS, 1e-8, "added to the denominator");
    return new Rmsprop(ops, learningRate, alpha, eps);
  }

  private static final class Rmsprop extends SlotOptimizer {
    private final double alpha;
    private final double eps;

    Rmsprop(TensorOps ops, double lr, double alpha, double eps) {
      super(NAME, ops, "square_avg");
      this.alpha = alpha;
      this.eps = eps;
      setLearningRate(lr);
    }

    @Override
    void update(Parameter p, Tensor[] state, long step) {
      Tensor v = p.value();
      Tensor g = p.grad();
      double lr = learningRate();
      if (isF32(v)) {
        float[] pv = v.f32();
        float[] gv = g.f32();
        float[] avg = state[0].f32();
        updateInRanges(v, (from, to) -> FloatUpdates.rmsprop(from, to, pv, gv, avg,
            lr, alpha, eps), state[0]);
      } else {
        double[] pv = v.f64();
        double[] gv = g.f64();
        double[] avg = state[0].f64();
        updateInRanges(v, (from, to) -> DoubleUpdates.rmsprop(from, to, pv, gv, avg,
            lr, alpha, eps), state[0]);
      }
    }
  }
}

package dev.rnn4j.core.optim;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.api.optim.OptimizerProvider;
import dev.rnn4j.api.ops.TensorOps;
import java.util.Set;

/**
 * Adagrad, {@code adagrad}, with PyTorch's {@code torch.optim.Adagrad} semantics (no learning-rate
 * decay, no weight decay, initial accumulator 0). For every parameter {@code p} with gradient
 * {@code g}, element-wise:
 *
 * <pre>
 * s = s + g * g                      (s starts at 0)
 * p = p - lr * g / (sqrt(s) + eps)
 * </pre>
 *
 * <p>Options: {@code eps} (default 1e-10, greater than 0). State: {@code step} and {@code
 * <parameter>/sum}. Priority -10: used only when named, never chosen over {@code sgd} by rank.
 */
public final class AdagradProvider implements OptimizerProvider {
  /** The provider name. */
  public static final String NAME = "adagrad";
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
    return "Adagrad: per-element steps shrinking with the sum of squared gradients (options: eps)";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(EPS);
  }

  @Override
  public Optimizer create(TensorOps ops, double learningRate, Options options) {
    Hyperparameters h = new Hyperparameters(NAME, options, optionKeys());
    return new Adagrad(ops, learningRate, h.positive(EPS, 1e-10, "added to the denominator"));
  }

  private static final class Adagrad extends SlotOptimizer {
    private final double eps;

    Adagrad(TensorOps ops, double lr, double eps) {
      super(NAME, ops, "sum");
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
        float[] sum = state[0].f32();
        updateInRanges(v,
            (from, to) -> FloatUpdates.adagrad(from, to, pv, gv, sum, lr, eps));
      } else {
        double[] pv = v.f64();
        double[] gv = g.f64();
        double[] sum = state[0].f64();
        updateInRanges(v,
            (from, to) -> DoubleUpdates.adagrad(from, to, pv, gv, sum, lr, eps));
      }
    }
  }
}

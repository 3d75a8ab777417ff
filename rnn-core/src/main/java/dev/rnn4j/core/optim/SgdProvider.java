package dev.rnn4j.core.optim;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.api.optim.OptimizerProvider;
import dev.rnn4j.api.ops.TensorOps;
import java.util.Set;

/**
 * Stochastic gradient descent, {@code sgd}, with PyTorch's {@code torch.optim.SGD} semantics
 * (dampening 0, no weight decay). For every parameter {@code p} with gradient {@code g}, at step
 * {@code t}:
 *
 * <pre>
 * momentum = 0:   p = p - lr * g                               (the reference; no state)
 * momentum = mu:  b = g                 if t = 1
 *                 b = mu * b + g        otherwise
 *                 d = g + mu * b        if nesterov, else d = b
 *                 p = p - lr * d
 * </pre>
 *
 * <p>Options: {@code momentum} (default 0, in [0, 1)), {@code nesterov} ({@code true}/{@code
 * false}, default false; needs a momentum above 0). State: {@code step} and, with momentum, {@code
 * <parameter>/momentum_buffer}. Priority 0: the optimizer chosen when the user names none.
 */
public final class SgdProvider implements OptimizerProvider {
  /** The provider name. */
  public static final String NAME = "sgd";
  /** Option key: the momentum factor {@code mu}. */
  public static final String MOMENTUM = "momentum";
  /** Option key: Nesterov momentum. */
  public static final String NESTEROV = "nesterov";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public String description() {
    return "stochastic gradient descent: K -= lr * dK (options: momentum, nesterov)";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(MOMENTUM, NESTEROV);
  }

  @Override
  public Optimizer create(TensorOps ops, double learningRate, Options options) {
    Hyperparameters h = new Hyperparameters(NAME, options, optionKeys());
    double momentum = h.fraction(MOMENTUM, 0, "the weight of the previous update direction");
    boolean nesterov = h.flag(NESTEROV, false);
    if (nesterov && momentum == 0) {
      throw h.conflict("nesterov=true needs a momentum above 0 (for example momentum=0.9)");
    }
    return momentum == 0
        ? new PlainSgd(ops, learningRate)
        : new MomentumSgd(ops, learningRate, momentum, nesterov);
  }

  /**
   * Plain SGD ({@code momentum = 0}): {@code p = p - lr * g}, no state. The trainer recognises it
   * and may fuse the step of the output and recurrent weights into the products that compute their
   * gradients (see {@code Trainer}); the result is the same update.
   */
  public static final class PlainSgd extends SlotOptimizer {
    PlainSgd(TensorOps ops, double lr) {
      super(NAME, ops);
      setLearningRate(lr);
    }

    /** Rows of a tracked gradient that were not touched are zero: plain SGD leaves them as they are. */
    @Override
    void update(Parameter p, Tensor[] state, long step) {
      int[] rows = p.gradientRows();
      if (rows == null) {
        ops().axpy(p.value().size(), -learningRate(), p.grad(), 0, p.value(), 0);
        return;
      }
      int width = p.value().size() / p.value().dim(0);
      for (int r : rows) {
        ops().axpy(width, -learningRate(), p.grad(), r * width, p.value(), r * width);
      }
    }
  }

  private static final class MomentumSgd extends SlotOptimizer {
    private final double momentum;
    private final boolean nesterov;

    MomentumSgd(TensorOps ops, double lr, double momentum, boolean nesterov) {
      super(NAME, ops, "momentum_buffer");
      this.momentum = momentum;
      this.nesterov = nesterov;
      setLearningRate(lr);
    }

    @Override
    void update(Parameter p, Tensor[] state, long step) {
      Tensor v = p.value();
      Tensor g = p.grad();
      Tensor b = state[0];
      double lr = learningRate();
      if (isF32(v)) {
        float[] pv = v.f32();
        float[] gv = g.f32();
        float[] buf = b.f32();
        updateInRanges(v, (from, to) -> FloatUpdates.sgdMomentum(from, to, pv, gv,
            buf, lr, momentum, nesterov), b);
      } else {
        double[] pv = v.f64();
        double[] gv = g.f64();
        double[] buf = b.f64();
        updateInRanges(v, (from, to) -> DoubleUpdates.sgdMomentum(from, to, pv, gv,
            buf, lr, momentum, nesterov), b);
      }
    }
  }
}

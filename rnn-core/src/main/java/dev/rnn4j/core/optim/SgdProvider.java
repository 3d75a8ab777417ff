package dev.rnn4j.core.optim;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.api.optim.OptimizerProvider;
import dev.rnn4j.api.ops.TensorOps;
import java.util.Map;
import java.util.Set;

/**
 * Plain gradient descent, {@code sgd}: {@code K = K - lr * dK} for every parameter K. It keeps no
 * state.
 */
public final class SgdProvider implements OptimizerProvider {
  /** The provider name. */
  public static final String NAME = "sgd";

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
    return "stochastic gradient descent: K -= lr * dK";
  }

  @Override
  public Optimizer create(TensorOps ops, double learningRate, Options options) {
    options.requireKnownKeys(optionKeys(), "optimizer 'sgd'");
    return new Sgd(ops, learningRate);
  }

  static void checkLearningRate(double lr) {
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new RnnException("the learning rate must be a positive number, got " + lr);
    }
  }

  private static final class Sgd implements Optimizer {
    private final TensorOps ops;
    private double lr;

    Sgd(TensorOps ops, double lr) {
      checkLearningRate(lr);
      this.ops = ops;
      this.lr = lr;
    }

    @Override
    public void step(java.util.List<Parameter> parameters) {
      for (Parameter p : parameters) {
        ops.axpy(p.value().size(), -lr, p.grad(), 0, p.value(), 0);
      }
    }

    @Override
    public double learningRate() {
      return lr;
    }

    @Override
    public void setLearningRate(double learningRate) {
      checkLearningRate(learningRate);
      this.lr = learningRate;
    }

    @Override
    public Map<String, Tensor> state() {
      return Map.of();
    }

    @Override
    public void restoreState(Map<String, Tensor> state) {
      // plain SGD has no state
    }
  }
}

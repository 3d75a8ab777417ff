package dev.rnn4j.core.loss;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.loss.Loss;
import dev.rnn4j.api.loss.LossProvider;
import dev.rnn4j.api.ops.TensorOps;
import java.util.Set;

/**
 * Softmax cross-entropy, {@code softmax-ce}: {@code L = sum_t -log softmax(o_t)[y_t]}, fused and
 * numerically stable; the gradient {@code p - onehot(y)} is written in place of the logits.
 */
public final class SoftmaxCrossEntropyProvider implements LossProvider {
  /** The provider name. */
  public static final String NAME = "softmax-ce";

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
    return "softmax cross-entropy summed over steps (fused, log-sum-exp)";
  }

  @Override
  public Loss create(TensorOps ops, Options options) {
    options.requireKnownKeys(Set.of(), "loss 'softmax-ce'");
    return new Loss() {
      @Override
      public double evaluate(int rows, int cols, Tensor logits, int off, int[] targets, int tOff,
          double[] rowLoss, boolean gradient) {
        return ops.softmaxCrossEntropy(rows, cols, logits, off, targets, tOff, rowLoss, gradient);
      }
    };
  }
}

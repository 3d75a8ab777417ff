package dev.rnn4j.core.train;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.ops.TensorOps;
import java.util.List;

/** The trainer's gradient clipping: by value, then by global norm as PyTorch does. Stateless. */
final class GradientClipping {
  /** Added to the global norm before clipping, as {@code torch.nn.utils.clip_grad_norm_} does. */
  private static final double CLIP_NORM_EPS = 1e-6;

  private GradientClipping() {}

  /** Clips the gradients of {@code params} in place as {@code config} says (nothing when off). */
  static void apply(TrainingConfig config, List<Parameter> params, TensorOps ops) {
    if (config.clipValue() > 0) {
      for (Parameter p : params) {
        ops.clip(p.grad().size(), -config.clipValue(), config.clipValue(), p.grad(), 0);
      }
    }
    if (config.clipNorm() > 0) {
      double sq = 0;
      for (Parameter p : params) {
        sq += ops.sumOfSquares(p.grad().size(), p.grad(), 0);
      }
      // PyTorch's clip_grad_norm_: scale by max / (norm + 1e-6) when that is below 1
      double scale = config.clipNorm() / (Math.sqrt(sq) + CLIP_NORM_EPS);
      if (scale < 1) {
        for (Parameter p : params) {
          ops.scale(p.grad().size(), scale, p.grad(), 0);
        }
      }
    }
  }
}

package dev.rnn4j.examples.mgu;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.Cell;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.cell.CellSpec;
import dev.rnn4j.api.ops.TensorOps;
import java.util.random.RandomGenerator;

/**
 * The minimal gated unit, {@code mgu} (Zhou et al. 2016; see {@link MguCell}). No options.
 * Initialisation: {@code Wih_t}, {@code Uf}, {@code Uh ~ Uniform(±1/sqrt(hidden))}, drawn in
 * that order; {@code b = 0}.
 */
public final class MguCellProvider implements CellProvider {
  /** The provider name users write ({@code --cell mgu}). */
  public static final String NAME = "mgu";

  @Override
  public String name() {
    return NAME;
  }

  /** @return -100: an example, never chosen unless asked for by name */
  @Override
  public int priority() {
    return -100;
  }

  @Override
  public String description() {
    return "Minimal gated unit (example plugin): f = sigmoid(..), h = (1-f)*h + f*tanh(Wx + U(f*h) + b)";
  }

  @Override
  public Cell create(CellSpec spec, TensorOps ops, RandomGenerator random) {
    spec.options().requireKnownKeys(optionKeys(), "cell 'mgu'");
    int in = spec.inputSize();
    int n = spec.hiddenSize();
    if (in < 1 || n < 1) {
      throw new RnnException("the mgu cell needs input and hidden sizes >= 1, got " + in + " and " + n);
    }
    double limit = 1 / Math.sqrt(n);
    String p = spec.prefix();
    return new MguCell(spec, ops,
        new Parameter(p + "Wih_t", uniform(Tensor.zeros(spec.dtype(), in, 2 * n), limit, random)),
        new Parameter(p + "Uf", uniform(Tensor.zeros(spec.dtype(), n, n), limit, random)),
        new Parameter(p + "Uh", uniform(Tensor.zeros(spec.dtype(), n, n), limit, random)),
        new Parameter(p + "b", Tensor.zeros(spec.dtype(), 2 * n)));
  }

  private static Tensor uniform(Tensor t, double limit, RandomGenerator random) {
    for (int i = 0; i < t.size(); i++) {
      t.set(i, (random.nextDouble() * 2 - 1) * limit);
    }
    return t;
  }
}

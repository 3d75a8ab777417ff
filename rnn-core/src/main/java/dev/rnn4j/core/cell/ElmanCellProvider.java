package dev.rnn4j.core.cell;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.Cell;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.cell.CellSpec;
import dev.rnn4j.api.ops.Activation;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.ops.Regions;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The Elman cell, {@code elman}. Option {@code activation}: {@code tanh} (default) or {@code
 * relu}. Initialisation: {@code U ~ Uniform(±1/sqrt(inputSize))}, {@code W ~
 * Uniform(±1/sqrt(hidden))}, {@code bx = 0}.
 */
public final class ElmanCellProvider implements CellProvider {
  /** The provider name. */
  public static final String NAME = "elman";

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
    return "Elman RNN: s_t = tanh(U x_t + W s_{t-1} + b_x) (activation=relu optional)";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of("activation");
  }

  @Override
  public Cell create(CellSpec spec, TensorOps ops, RandomGenerator random) {
    spec.options().requireKnownKeys(optionKeys(), "cell 'elman'");
    Activation activation = parseActivation(spec.options().get("activation", "tanh"));
    int in = spec.inputSize();
    int n = spec.hiddenSize();
    if (in < 1 || n < 1) {
      throw new RnnException("the elman cell needs input and hidden sizes >= 1, got " + in + " and " + n);
    }
    Tensor ut = Tensor.zeros(spec.dtype(), in, n);
    Tensor w = Tensor.zeros(spec.dtype(), n, n);
    Tensor bx = Tensor.zeros(spec.dtype(), n);
    Regions.uniform(ut, 1 / Math.sqrt(in), random);
    Regions.uniform(w, 1 / Math.sqrt(n), random);
    String p = spec.prefix();
    return new ElmanCell(spec, ops, activation,
        InputProjection.inputWeight(p + "Ut", ut), new Parameter(p + "W", w), new Parameter(p + "bx", bx));
  }

  private static Activation parseActivation(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "tanh": return Activation.TANH;
      case "relu": return Activation.RELU;
      default:
        throw new RnnException("unknown activation '" + name + "' for cell 'elman'; allowed: relu, tanh");
    }
  }
}

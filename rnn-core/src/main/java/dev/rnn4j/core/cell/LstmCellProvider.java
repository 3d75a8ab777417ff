package dev.rnn4j.core.cell;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.cell.Cell;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.cell.CellSpec;
import dev.rnn4j.api.ops.TensorOps;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The LSTM cell, {@code lstm} (PyTorch {@code nn.LSTM} semantics; see {@link LstmCell}).
 * Initialisation as PyTorch: every weight and bias {@code ~ Uniform(±1/sqrt(hidden))}, drawn in
 * the order {@code Wih_t, Whh, bih, bhh}.
 *
 * <p>Option {@code forget-bias}: {@code uniform} (the default, PyTorch's initialisation) or a
 * number b: after the same draws, the forget-gate slice of {@code bih} is set to b and that of
 * {@code bhh} to 0 (b = 1 is the "remember by default" recipe of Gers et al. and Jozefowicz et
 * al.; on a character-level corpus it learned more slowly than PyTorch's default, see the
 * README).
 *
 * <p>Parameter names (with the spec prefix, for example {@code layers.0.}) and their PyTorch
 * counterparts for layer k: {@code Wih_t} = {@code weight_ih_lk}ᵀ, {@code Whh} = {@code
 * weight_hh_lk}, {@code bih} = {@code bias_ih_lk}, {@code bhh} = {@code bias_hh_lk}.
 */
public final class LstmCellProvider implements CellProvider {
  /** The provider name. */
  public static final String NAME = "lstm";
  /** Option key: the initial forget-gate bias, {@code uniform} or a number. */
  public static final String FORGET_BIAS = "forget-bias";
  /** The value of {@link #FORGET_BIAS} that keeps PyTorch's uniform draw (the default). */
  public static final String UNIFORM = "uniform";

  private static double parseForgetBias(String value) {
    try {
      double b = Double.parseDouble(value);
      if (Double.isFinite(b)) {
        return b;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new RnnException("cell 'lstm': 'forget-bias' must be 'uniform' (PyTorch's"
        + " initialisation) or a number such as 1, got '" + value + "'");
  }

  @Override
  public String name() {
    return NAME;
  }

  /** @return -10: below {@code elman}, which stays the default cell */
  @Override
  public int priority() {
    return -10;
  }

  @Override
  public String description() {
    return "LSTM (PyTorch gates i,f,g,o): c = f*c + i*g, h = o*tanh(c); state [h, c]";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(FORGET_BIAS);
  }

  @Override
  public Cell create(CellSpec spec, TensorOps ops, RandomGenerator random) {
    GateWeights w = GateWeights.init(spec, 4, NAME, optionKeys(), random);
    String forget = spec.options().get(FORGET_BIAS, UNIFORM);
    if (!UNIFORM.equals(forget)) {
      double b = parseForgetBias(forget);
      int n = spec.hiddenSize();
      for (int j = n; j < 2 * n; j++) {
        w.bih().value().set(j, b);
        w.bhh().value().set(j, 0);
      }
    }
    return new LstmCell(spec, ops, w.wihT(), w.whh(), w.bih(), w.bhh());
  }
}

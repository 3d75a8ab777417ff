package dev.rnn4j.core.cell;

import dev.rnn4j.api.cell.Cell;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.cell.CellSpec;
import dev.rnn4j.api.ops.TensorOps;
import java.util.random.RandomGenerator;

/**
 * The LSTM cell, {@code lstm} (PyTorch {@code nn.LSTM} semantics; see {@link LstmCell}). No
 * options. Initialisation as PyTorch: every weight and bias {@code ~ Uniform(±1/sqrt(hidden))},
 * drawn in the order {@code Wih_t, Whh, bih, bhh}; then the forget-gate slice of {@code bih} is
 * set to 1 (and that of {@code bhh} to 0), so a fresh cell keeps its memory by default.
 *
 * <p>Parameter names (with the spec prefix, for example {@code layers.0.}) and their PyTorch
 * counterparts for layer k: {@code Wih_t} = {@code weight_ih_lk}ᵀ, {@code Whh} = {@code
 * weight_hh_lk}, {@code bih} = {@code bias_ih_lk}, {@code bhh} = {@code bias_hh_lk}.
 */
public final class LstmCellProvider implements CellProvider {
  /** The provider name. */
  public static final String NAME = "lstm";

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
  public Cell create(CellSpec spec, TensorOps ops, RandomGenerator random) {
    GateWeights w = GateWeights.init(spec, 4, NAME, random);
    int n = spec.hiddenSize();
    for (int j = n; j < 2 * n; j++) { // forget gate: remember by default
      w.bih().value().set(j, 1);
      w.bhh().value().set(j, 0);
    }
    return new LstmCell(spec, ops, w.wihT(), w.whh(), w.bih(), w.bhh());
  }
}

package dev.rnn4j.core.cell;

import dev.rnn4j.api.cell.Cell;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.cell.CellSpec;
import dev.rnn4j.api.ops.TensorOps;
import java.util.random.RandomGenerator;

/**
 * The GRU cell, {@code gru} (PyTorch {@code nn.GRU} semantics; see {@link GruCell}). No options.
 * Initialisation as PyTorch: every weight and bias {@code ~ Uniform(±1/sqrt(hidden))}, drawn in
 * the order {@code Wih_t, Whh, bih, bhh}.
 *
 * <p>Parameter names (with the spec prefix, for example {@code layers.0.}) and their PyTorch
 * counterparts for layer k: {@code Wih_t} = {@code weight_ih_lk}ᵀ, {@code Whh} = {@code
 * weight_hh_lk}, {@code bih} = {@code bias_ih_lk}, {@code bhh} = {@code bias_hh_lk}.
 */
public final class GruCellProvider implements CellProvider {
  /** The provider name. */
  public static final String NAME = "gru";

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
    return "GRU (PyTorch gates r,z,n): n = tanh(Wx + r*(Uh + b)), h = (1-z)*n + z*h";
  }

  @Override
  public Cell create(CellSpec spec, TensorOps ops, RandomGenerator random) {
    GateWeights w = GateWeights.init(spec, 3, NAME, optionKeys(), random);
    return new GruCell(spec, ops, w.wihT(), w.whh(), w.bih(), w.bhh());
  }
}

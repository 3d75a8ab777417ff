package dev.rnn4j.core.cell;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.Cell;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.cell.CellSpec;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.ops.Regions;
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
    spec.options().requireKnownKeys(optionKeys(), "cell 'lstm'");
    int in = spec.inputSize();
    int n = spec.hiddenSize();
    if (in < 1 || n < 1) {
      throw new RnnException("the lstm cell needs input and hidden sizes >= 1, got " + in + " and " + n);
    }
    double limit = 1 / Math.sqrt(n);
    Tensor wihT = Tensor.zeros(spec.dtype(), in, 4 * n);
    Tensor whh = Tensor.zeros(spec.dtype(), 4 * n, n);
    Tensor bih = Tensor.zeros(spec.dtype(), 4 * n);
    Tensor bhh = Tensor.zeros(spec.dtype(), 4 * n);
    Regions.uniform(wihT, limit, random);
    Regions.uniform(whh, limit, random);
    Regions.uniform(bih, limit, random);
    Regions.uniform(bhh, limit, random);
    for (int j = n; j < 2 * n; j++) {
      bih.set(j, 1);
      bhh.set(j, 0);
    }
    String p = spec.prefix();
    return new LstmCell(spec, ops, new Parameter(p + "Wih_t", wihT), new Parameter(p + "Whh", whh),
        new Parameter(p + "bih", bih), new Parameter(p + "bhh", bhh));
  }
}

package dev.rnn4j.core.cell;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.CellSpec;
import dev.rnn4j.core.ops.Regions;
import java.util.random.RandomGenerator;

/**
 * The four parameters of a PyTorch-style gated cell with {@code gates} gates: {@code Wih_t}
 * {@code [in, gates*n]}, {@code Whh} {@code [gates*n, n]}, {@code bih}, {@code bhh} {@code
 * [gates*n]}, initialised as PyTorch does (every one {@code ~ Uniform(±1/sqrt(n))}, drawn in that
 * order) and named with the spec's prefix.
 */
record GateWeights(Parameter wihT, Parameter whh, Parameter bih, Parameter bhh) {

  /**
   * Validates the sizes and options of {@code spec} (only {@code optionKeys} allowed) and draws the
   * weights.
   */
  static GateWeights init(CellSpec spec, int gates, String cell, java.util.Set<String> optionKeys,
      RandomGenerator random) {
    spec.options().requireKnownKeys(optionKeys, "cell '" + cell + "'");
    int in = spec.inputSize();
    int n = spec.hiddenSize();
    if (in < 1 || n < 1) {
      throw new RnnException("the " + cell + " cell needs input and hidden sizes >= 1, got " + in
          + " and " + n);
    }
    double limit = 1 / Math.sqrt(n);
    Tensor wihT = Tensor.zeros(spec.dtype(), in, gates * n);
    Tensor whh = Tensor.zeros(spec.dtype(), gates * n, n);
    Tensor bih = Tensor.zeros(spec.dtype(), gates * n);
    Tensor bhh = Tensor.zeros(spec.dtype(), gates * n);
    Regions.uniform(wihT, limit, random);
    Regions.uniform(whh, limit, random);
    Regions.uniform(bih, limit, random);
    Regions.uniform(bhh, limit, random);
    String p = spec.prefix();
    return new GateWeights(InputProjection.inputWeight(p + "Wih_t", wihT), new Parameter(p + "Whh", whh),
        new Parameter(p + "bih", bih), new Parameter(p + "bhh", bhh));
  }
}

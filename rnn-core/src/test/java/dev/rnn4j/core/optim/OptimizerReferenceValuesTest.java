package dev.rnn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.api.optim.OptimizerProvider;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three steps of every optimizer on a tiny vector against numbers computed independently: the
 * constants below are printed by {@code python3 scripts/optim_reference.py}, a float64 numpy
 * re-implementation of the torch.optim formulas (written from PyTorch's documented algorithms, not
 * from this code). The parameter starts at {0.5, -1.25, 2.0}; the gradients of the three steps are
 * fixed (they do not depend on the parameter).
 */
class OptimizerReferenceValuesTest {
  private static final TensorOps OPS = ScalarTensorOpsProvider.reference();
  private static final double[] P0 = {0.5, -1.25, 2.0};
  private static final double[][] GRADS = {{0.1, -0.2, 0.3}, {-0.4, 0.05, 0.6}, {0.25, 0.0, -0.15}};

  private static final double[][] SGD_LR_0_1 = {
      {0.49, -1.23, 1.97},
      {0.53, -1.2349999999999999, 1.91},
      {0.505, -1.2349999999999999, 1.9249999999999998}};
  private static final double[][] SGD_MOMENTUM_0_9_LR_0_1 = {
      {0.49, -1.23, 1.97},
      {0.521, -1.217, 1.883},
      {0.5239, -1.2053, 1.8197}};
  private static final double[][] SGD_NESTEROV_0_9_LR_0_1 = {
      {0.481, -1.212, 1.943},
      {0.5488999999999999, -1.2053, 1.8047},
      {0.5265099999999999, -1.19477, 1.76273}};
  private static final double[][] ADAGRAD_LR_0_1_EPS_1E_10 = {
      {0.4000000001, -1.15000000005, 1.9000000000333332},
      {0.49701425009100375, -1.1742535625418684, 1.810557280946675},
      {0.4451666653652352, -1.1742535625418684, 1.8323790699670996}};
  private static final double[][] RMSPROP_LR_0_01_ALPHA_0_99_EPS_1E_8 = {
      {0.40000009999990005, -1.150000049999975, 1.9000000333333222},
      {0.49704287266865177, -1.1743685470649252, 1.8104677504862046},
      {0.44499353832149185, -1.1743685470649252, 1.832415099902439}};
  private static final double[][] ADAM_LR_0_01_DEFAULTS = {
      {0.4900000009999999, -1.2400000005, 1.9900000003333334},
      {0.4955950357485128, -1.2353053191100447, 1.9803481802785634},
      {0.4959793874663799, -1.2316763168449971, 1.9744621130995983}};
  private static final double[][] ADAMW_LR_0_01_B1_0_8_B2_0_99_EPS_1E_6_WD_0_1 = {
      {0.489500099999, -1.2387500499997501, 1.9880000333332222},
      {0.495094832875883, -1.233309816235353, 1.9761886548118677},
      {0.4946879689336361, -1.2290320057745139, 1.9688179065041223}};

  @Test
  void plainSgdMatchesTheReference() {
    check(new SgdProvider(), 0.1, Options.empty(), SGD_LR_0_1);
  }

  @Test
  void sgdWithMomentumMatchesTheReference() {
    check(new SgdProvider(), 0.1, Options.of("momentum", "0.9"), SGD_MOMENTUM_0_9_LR_0_1);
  }

  @Test
  void sgdWithNesterovMomentumMatchesTheReference() {
    check(new SgdProvider(), 0.1, Options.of("momentum", "0.9", "nesterov", "true"),
        SGD_NESTEROV_0_9_LR_0_1);
  }

  @Test
  void adagradMatchesTheReference() {
    check(new AdagradProvider(), 0.1, Options.empty(), ADAGRAD_LR_0_1_EPS_1E_10);
  }

  @Test
  void rmspropMatchesTheReference() {
    check(new RmspropProvider(), 0.01, Options.empty(), RMSPROP_LR_0_01_ALPHA_0_99_EPS_1E_8);
  }

  @Test
  void adamMatchesTheReference() {
    check(new AdamProvider(), 0.01, Options.empty(), ADAM_LR_0_01_DEFAULTS);
  }

  @Test
  void adamWithDecoupledWeightDecayMatchesTheReference() {
    check(new AdamProvider(), 0.01,
        Options.of("beta1", "0.8", "beta2", "0.99", "eps", "1e-6", "weight-decay", "0.1"),
        ADAMW_LR_0_01_B1_0_8_B2_0_99_EPS_1E_6_WD_0_1);
  }

  /** float64 to rounding error; float32 (same inputs, rounded) to float32 precision. */
  private static void check(OptimizerProvider provider, double lr, Options options, double[][] expected) {
    run(provider, lr, options, DType.F64, expected, 1e-14);
    run(provider, lr, options, DType.F32, expected, 2e-6);
  }

  private static void run(OptimizerProvider provider, double lr, Options options, DType dtype,
      double[][] expected, double tolerance) {
    Optimizer optimizer = provider.create(OPS, lr, options);
    Parameter p = new Parameter("w", Tensor.of(dtype, P0, 3));
    for (int step = 0; step < GRADS.length; step++) {
      p.grad().copyFrom(Tensor.of(dtype, GRADS[step], 3));
      optimizer.step(List.of(p));
      for (int i = 0; i < 3; i++) {
        assertEquals(expected[step][i], p.value().get(i), tolerance * Math.max(1, Math.abs(expected[step][i])),
            provider.name() + " " + options + " " + dtype + " step " + (step + 1) + " element " + i);
      }
    }
  }
}

package dev.rnn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.api.optim.OptimizerProvider;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import dev.rnn4j.core.plugin.PluginRegistry;
import dev.rnn4j.core.plugin.Plugins;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Impossible hyperparameters and states are refused with messages that say what to change. */
class OptimizerSettingsTest {
  private static final TensorOps OPS = ScalarTensorOpsProvider.reference();

  @ParameterizedTest(name = "{0} {1}={2}")
  @CsvSource({
      "sgd, momentum, -0.1, 'momentum' (the weight of the previous update direction) must be in [0, 1), got -0.1",
      "sgd, momentum, 1, must be in [0, 1), got 1.0",
      "sgd, nesterov, yes, setting 'nesterov' must be true or false",
      "adagrad, eps, 0, 'eps' (added to the denominator) must be greater than 0, got 0.0; 1.0E-10 is usual",
      "rmsprop, alpha, 1, 'alpha' (the decay of the squared-gradient average) must be in [0, 1)",
      "rmsprop, eps, -1e-8, must be greater than 0",
      "adam, beta1, 1, 'beta1' (the decay of the gradient average) must be in [0, 1), got 1.0; 0.9 is usual",
      "adam, beta2, 1.5, 'beta2' (the decay of the squared-gradient average) must be in [0, 1)",
      "adam, eps, 0, must be greater than 0",
      "adam, weight-decay, -0.01, 'weight-decay' (decoupled weight decay per unit of learning rate) must be at least 0",
      "adam, beta1, NaN, setting 'beta1' must be a finite number",
  })
  void impossibleValuesAreRejectedNamingTheKeyAndTheRange(String optimizer, String key, String value,
      String message) {
    RnnException e = assertThrows(RnnException.class,
        () -> provider(optimizer).create(OPS, 0.01, Options.of(key, value)));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void unknownOptionsAreRejectedListingTheAllowedOnes() {
    RnnException e = assertThrows(RnnException.class,
        () -> provider("adam").create(OPS, 0.01, Options.of("momentum", "0.9")));
    assertEquals("unknown setting 'momentum' for optimizer 'adam'; allowed: beta1, beta2, eps, weight-decay",
        e.getMessage());
  }

  @Test
  void nesterovWithoutMomentumIsRejected() {
    RnnException e = assertThrows(RnnException.class,
        () -> provider("sgd").create(OPS, 0.1, Options.of("nesterov", "true")));
    assertEquals("optimizer 'sgd': nesterov=true needs a momentum above 0 (for example momentum=0.9)",
        e.getMessage());
  }

  @Test
  void adamRefusesALearningRateThatWouldFlipTheWeightsThroughDecay() {
    assertThrows(RnnException.class,
        () -> provider("adam").create(OPS, 2, Options.of("weight-decay", "0.5")));
    Optimizer adam = provider("adam").create(OPS, 0.1, Options.of("weight-decay", "0.5"));
    RnnException e = assertThrows(RnnException.class, () -> adam.setLearningRate(4));
    assertTrue(e.getMessage().contains("below 1"), e.getMessage());
    assertEquals(0.1, adam.learningRate());
  }

  @Test
  void everyOptimizerRefusesNonPositiveLearningRates() {
    for (String name : List.of("sgd", "adagrad", "rmsprop", "adam")) {
      assertThrows(RnnException.class, () -> provider(name).create(OPS, 0, Options.empty()), name);
      Optimizer o = provider(name).create(OPS, 0.1, Options.empty());
      assertThrows(RnnException.class, () -> o.setLearningRate(Double.NaN), name);
      assertThrows(RnnException.class, () -> o.setLearningRate(-1), name);
    }
  }

  @Test
  void sgdStaysTheOptimizerChosenWhenNoneIsNamed() {
    PluginRegistry<OptimizerProvider> registry = Plugins.defaults().optimizers();
    assertEquals(List.of("sgd", "adagrad", "adam", "rmsprop"),
        registry.all().stream().map(OptimizerProvider::name).toList());
    assertEquals("sgd", Plugins.defaults().select(registry, null).name());
  }

  @Test
  void aStateOfAnotherOptimizerIsRejected() {
    Optimizer adam = provider("adam").create(OPS, 0.01, Options.empty());
    Parameter p = new Parameter("layers.0.W", Tensor.of(DType.F64, new double[] {1, 2}, 2));
    p.grad().set(0, 1);
    adam.step(List.of(p));
    Map<String, Tensor> state = adam.state();
    assertEquals(List.of("step", "layers.0.W/exp_avg", "layers.0.W/exp_avg_sq"), List.copyOf(state.keySet()));
    Optimizer rmsprop = provider("rmsprop").create(OPS, 0.01, Options.empty());
    RnnException e = assertThrows(RnnException.class, () -> rmsprop.restoreState(state));
    assertTrue(e.getMessage().contains("'layers.0.W/exp_avg' is not part of the state of optimizer 'rmsprop'"),
        e.getMessage());
  }

  @Test
  void aStateForAParameterOfAnotherShapeIsRejectedAtTheFirstStep() {
    Optimizer a = provider("rmsprop").create(OPS, 0.01, Options.empty());
    a.step(List.of(new Parameter("W", Tensor.zeros(DType.F32, 2, 3))));
    Optimizer b = provider("rmsprop").create(OPS, 0.01, Options.empty());
    b.restoreState(a.state());
    Parameter other = new Parameter("W", Tensor.zeros(DType.F32, 3, 2));
    RnnException e = assertThrows(RnnException.class, () -> b.step(List.of(other)));
    assertTrue(e.getMessage().contains("belongs to another model"), e.getMessage());
  }

  @Test
  void aStateWithoutStepCountIsRejected() {
    Optimizer adam = provider("adam").create(OPS, 0.01, Options.empty());
    RnnException e = assertThrows(RnnException.class, () -> adam.restoreState(Map.of()));
    assertEquals("the state of optimizer 'adam' lacks 'step'", e.getMessage());
  }

  private static OptimizerProvider provider(String name) {
    return Plugins.defaults().select(Plugins.defaults().optimizers(), name);
  }
}

package dev.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.cell.ElmanCellProvider;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.ops.ScalarOpsProvider;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Central differences in float64 against BPTT, on random small models. */
class GradientCheckTest {

  @ParameterizedTest(name = "m={0} n={1} T={2} layers={3} batch={4} activation={5}")
  @CsvSource({
    "5, 3, 6, 1, 1, tanh",
    "9, 4, 8, 1, 1, tanh",
    "7, 5, 5, 2, 1, tanh",
    "6, 4, 7, 1, 3, tanh",
    "8, 3, 6, 2, 2, tanh",
    "6, 4, 5, 1, 1, relu"
  })
  void bpttGradientsMatchCentralDifferences(int m, int n, int steps, int layers, int batch,
      String activation) {
    TensorOps ops = ScalarOpsProvider.reference();
    SplittableRandom random = new SplittableRandom(m * 31L + n * 7L + steps + layers + batch);
    ModelConfig config = new ModelConfig(m, n, layers, "elman", Options.of("activation", activation), DType.F64);
    RnnLanguageModel model = new RnnLanguageModel(config, ops, new ElmanCellProvider(),
        new SoftmaxCrossEntropyProvider().create(ops, Options.empty()), random);
    for (Parameter p : model.parameters()) { // non-zero biases so their paths are exercised
      for (int i = 0; i < p.value().size(); i++) {
        p.value().set(i, p.value().get(i) + (random.nextDouble() - 0.5) * 0.2);
      }
    }
    int[] x = new int[steps * batch];
    int[] y = new int[steps * batch];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextInt(Math.max(2, m / 2)); // few distinct ids: repeated tokens
      y[i] = random.nextInt(m);
    }
    if (batch > 1) { // the last sequence is shorter: right padding
      for (int t = steps - 2; t < steps; t++) {
        x[t * batch + batch - 1] = -1;
        y[t * batch + batch - 1] = -1;
      }
    }
    ModelWorkspace ws = model.newWorkspace(steps, batch);
    model.zeroGrad();
    model.forward(ws, x, 0, steps, null);
    model.loss(ws, y, 0, null, true);
    model.backward(ws, x, 0);

    double eps = 1e-6;
    double worst = 0;
    String where = "";
    for (Parameter p : model.parameters()) {
      for (int i = 0; i < p.value().size(); i++) {
        double old = p.value().get(i);
        p.value().set(i, old + eps);
        double plus = loss(model, ws, x, y, steps);
        p.value().set(i, old - eps);
        double minus = loss(model, ws, x, y, steps);
        p.value().set(i, old);
        double numeric = (plus - minus) / (2 * eps);
        double analytic = p.grad().get(i);
        double err = Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic));
        if (err > worst) {
          worst = err;
          where = p.name() + "[" + i + "] numeric " + numeric + " analytic " + analytic;
        }
      }
    }
    assertTrue(worst < 1e-6, "worst relative error " + worst + " at " + where);
  }

  private static double loss(RnnLanguageModel model, ModelWorkspace ws, int[] x, int[] y, int steps) {
    model.forward(ws, x, 0, steps, null);
    return model.loss(ws, y, 0, null, false);
  }
}

package dev.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.cell.ElmanCellProvider;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
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
    TensorOps ops = ScalarTensorOpsProvider.reference();
    SplittableRandom random = new SplittableRandom(m * 31L + n * 7L + steps + layers + batch);
    ModelConfig config = new ModelConfig(m, n, layers, "elman", Options.of("activation", activation), DType.F64);
    RnnLanguageModel model = new RnnLanguageModel(config, ops, new ElmanCellProvider(),
        new SoftmaxCrossEntropyProvider().create(ops, Options.empty()), random);
    NumericGradients.perturb(model, random);
    int[][] xy = NumericGradients.paddedBatch(random, m, steps, batch);
    String worst = NumericGradients.worst(model, model.newWorkspace(steps, batch), xy[0], xy[1], steps);
    assertTrue(NumericGradients.error(worst) < 1e-6, "worst relative error " + worst);
  }
}

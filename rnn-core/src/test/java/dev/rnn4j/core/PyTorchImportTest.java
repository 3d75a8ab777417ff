package dev.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.core.check.FixtureComparison;
import dev.rnn4j.core.io.Json;
import dev.rnn4j.core.io.PyTorchImport;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Weights of PyTorch nn.RNN (2 layers) + nn.Linear give the logits PyTorch computed. */
class PyTorchImportTest {
  @Test
  void importedWeightsReproducePyTorchLogits() throws Exception {
    Path dir = Path.of(getClass().getResource("/fixtures/torch_rnn.safetensors").toURI()).getParent();
    Map<?, ?> fx = (Map<?, ?>) Json.parse(Files.readString(dir.resolve("torch_rnn_logits.json")));
    RnnLanguageModel model = PyTorchImport.elman(dir.resolve("torch_rnn.safetensors"), "tanh",
        DType.F64, ScalarTensorOpsProvider.reference());
    List<?> xs = (List<?>) fx.get("x");
    int[] x = new int[xs.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = ((Number) xs.get(i)).intValue();
    }
    ModelWorkspace ws = model.newWorkspace(x.length, 1);
    model.forward(ws, x, 0, x.length, null);
    int m = model.config().vocabSize();
    List<Object> rows = new ArrayList<>();
    for (int t = 0; t < x.length; t++) {
      List<Object> row = new ArrayList<>();
      for (int j = 0; j < m; j++) {
        row.add(ws.logits().get(t * m + j));
      }
      rows.add(row);
    }
    double err = FixtureComparison.relativeError(fx.get("logits"), rows);
    assertTrue(err < 1e-12, "relative error " + err);
  }
}

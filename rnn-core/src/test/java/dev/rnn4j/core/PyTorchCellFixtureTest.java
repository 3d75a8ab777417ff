package dev.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.cell.GruCellProvider;
import dev.rnn4j.core.cell.LstmCellProvider;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lstm and gru cells reproduce PyTorch's {@code nn.LSTM} / {@code nn.GRU} (+ {@code
 * nn.Linear}, summed cross-entropy): outputs, final states, logits, loss and every gradient, from
 * fixtures written by {@code scripts/gen-cell-fixtures.py} (weights mapped as documented there:
 * {@code Wih_t = weight_ih_lkᵀ}, {@code Whh = weight_hh_lk}, ...).
 */
class PyTorchCellFixtureTest {
  private static final Logger LOG = LoggerFactory.getLogger(PyTorchCellFixtureTest.class);
  private double worst;

  @ParameterizedTest(name = "{0} in {1} within {2}")
  @CsvSource({
    "lstm_l1_b1, F64, 1e-10",
    "lstm_l2_b3, F64, 1e-10",
    "gru_l1_b1, F64, 1e-10",
    "gru_l2_b3, F64, 1e-10",
    "lstm_l2_b3, F32, 1e-4",
    "gru_l2_b3, F32, 1e-4"
  })
  void theCellReproducesPyTorch(String name, DType dtype, double tolerance) throws IOException {
    Map<String, Object> fx = ReferenceFixtureTest.fixture(name);
    String cell = (String) fx.get("cell");
    int m = integer(fx, "vocab");
    int n = integer(fx, "hidden");
    int layers = integer(fx, "layers");
    int batch = integer(fx, "batch");
    int steps = integer(fx, "steps");
    TensorOps ops = ScalarTensorOpsProvider.reference();
    CellProvider provider = "lstm".equals(cell) ? new LstmCellProvider() : new GruCellProvider();
    RnnLanguageModel model = new RnnLanguageModel(
        new ModelConfig(m, n, layers, cell, Options.empty(), dtype), ops, provider,
        new SoftmaxCrossEntropyProvider().create(ops, Options.empty()), new SplittableRandom(1));
    @SuppressWarnings("unchecked")
    Map<String, Object> weights = (Map<String, Object>) fx.get("weights");
    for (Parameter p : model.parameters()) {
      p.value().copyFrom(Tensor.wrap(torchValue(weights, p.name(), n), p.value().shape()).to(dtype));
    }
    int[] x = ids(fx.get("x"));
    int[] y = ids(fx.get("y"));
    Tensor[] states = initialStates(fx, model, dtype);

    ModelWorkspace ws = model.newWorkspace(steps, batch);
    model.zeroGrad();
    model.forward(ws, x, 0, steps, states);
    List<String> failures = new ArrayList<>();
    check(failures, name + " outputs", flat(fx.get("outputs")), ws.hidden(layers - 1).toDoubleArray(), tolerance);
    check(failures, name + " logits", flat(fx.get("logits")), ws.logits().toDoubleArray(), tolerance);
    for (int l = 0; l < layers; l++) {
      check(failures, name + " final state of layer " + l, expectedState(fx, "h_n", "c_n", l, model),
          ws.finalState(l).toDoubleArray(), tolerance);
    }
    double loss = model.loss(ws, y, 0, null, true);
    check(failures, name + " loss", new double[] {number(fx.get("loss"))}, new double[] {loss}, tolerance);
    model.backward(ws, x, 0);
    @SuppressWarnings("unchecked")
    Map<String, Object> grads = (Map<String, Object>) fx.get("grads");
    for (Parameter p : model.parameters()) {
      check(failures, name + " grad " + p.name(), torchValue(grads, p.name(), n),
          p.grad().toDoubleArray(), tolerance);
    }
    LOG.info("{} in {}: largest relative error vs PyTorch {}", name, dtype, worst);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /** The fixture value of rnn4j parameter {@code name}, in rnn4j's layout (flat, row-major). */
  private static double[] torchValue(Map<String, Object> byTorchName, String name, int n) {
    if (name.equals("V")) {
      return flat(byTorchName.get("linear.weight"));
    }
    if (name.equals("by")) {
      return flat(byTorchName.get("linear.bias"));
    }
    String[] parts = name.split("\\.");
    assertEquals(3, parts.length, name);
    String k = parts[1];
    switch (parts[2]) {
      case "Wih_t": return transpose(byTorchName.get("weight_ih_l" + k));
      case "Whh": return flat(byTorchName.get("weight_hh_l" + k));
      case "bih": return flat(byTorchName.get("bias_ih_l" + k));
      case "bhh": return flat(byTorchName.get("bias_hh_l" + k));
      default: throw new AssertionError("no PyTorch counterpart for " + name);
    }
  }

  private static Tensor[] initialStates(Map<String, Object> fx, RnnLanguageModel model, DType dtype) {
    if (fx.get("h0") == null) {
      return null;
    }
    int layers = model.config().layers();
    Tensor[] states = new Tensor[layers];
    for (int l = 0; l < layers; l++) {
      double[] s = expectedState(fx, "h0", "c0", l, model);
      int batch = s.length / model.cell(l).stateWidth();
      states[l] = Tensor.wrap(s, batch, model.cell(l).stateWidth()).to(dtype);
    }
    return states;
  }

  /** rnn4j's per-sequence state rows of layer l: [h, c] for lstm, h for gru. */
  @SuppressWarnings("unchecked")
  private static double[] expectedState(Map<String, Object> fx, String hKey, String cKey, int l,
      RnnLanguageModel model) {
    List<Object> h = (List<Object>) ((List<Object>) fx.get(hKey)).get(l);
    List<Object> c = fx.get(cKey) == null ? null : (List<Object>) ((List<Object>) fx.get(cKey)).get(l);
    int width = model.cell(l).stateWidth();
    int n = model.config().hiddenSize();
    double[] out = new double[h.size() * width];
    for (int b = 0; b < h.size(); b++) {
      System.arraycopy(flat(h.get(b)), 0, out, b * width, n);
      if (c != null) {
        System.arraycopy(flat(c.get(b)), 0, out, b * width + n, n);
      }
    }
    return out;
  }

  /** Max |expected - actual| / max(max |expected|, max |actual|) must not exceed the tolerance. */
  private void check(List<String> failures, String what, double[] expected, double[] actual,
      double tolerance) {
    if (actual.length < expected.length) {
      failures.add(what + ": " + actual.length + " values, expected " + expected.length);
      return;
    }
    double diff = 0;
    double scale = 1e-300;
    for (int i = 0; i < expected.length; i++) {
      diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
      scale = Math.max(scale, Math.max(Math.abs(expected[i]), Math.abs(actual[i])));
    }
    double rel = diff / scale;
    worst = Math.max(worst, rel);
    if (!(rel <= tolerance)) {
      failures.add(what + ": relative error " + rel + " > " + tolerance);
    }
  }

  private static int integer(Map<String, Object> fx, String key) {
    return ((Number) fx.get(key)).intValue();
  }

  private static double number(Object o) {
    return ((Number) o).doubleValue();
  }

  private static int[] ids(Object nested) {
    double[] d = flat(nested);
    int[] out = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (int) d[i];
    }
    return out;
  }

  /** Nested lists of numbers flattened in row-major order. */
  private static double[] flat(Object nested) {
    List<Double> out = new ArrayList<>();
    flatten(nested, out);
    double[] a = new double[out.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = out.get(i);
    }
    return a;
  }

  private static void flatten(Object o, List<Double> out) {
    if (o instanceof List) {
      for (Object e : (List<?>) o) {
        flatten(e, out);
      }
    } else {
      out.add(number(o));
    }
  }

  /** A [rows][cols] nested list transposed into a flat [cols, rows] row-major array. */
  private static double[] transpose(Object matrix) {
    List<?> rows = (List<?>) matrix;
    int r = rows.size();
    int c = ((List<?>) rows.get(0)).size();
    double[] out = new double[r * c];
    for (int i = 0; i < r; i++) {
      List<?> row = (List<?>) rows.get(i);
      for (int j = 0; j < c; j++) {
        out[j * r + i] = number(row.get(j));
      }
    }
    return out;
  }
}

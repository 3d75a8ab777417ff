package dev.rnn4j.core.check;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.cell.ElmanCellProvider;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.optim.SgdProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Computes, with rnn4j, everything a gradient fixture of {@code shared/reference} records for the
 * Elman model — loss, per-step losses, states, logits, probabilities, gradients, parameters after
 * one SGD step — in the fixture's own layout (U as {@code [n, m]}, matrices as nested lists,
 * row-major). This is how anyone can compare rnn4j with another implementation.
 *
 * <p>A fixture is the parsed JSON object with at least {@code params} ({@code U, W, V, bx, by}),
 * {@code x}, {@code y} and {@code lr}.
 */
public final class ReferenceComputation {
  private ReferenceComputation() {}

  /**
   * @param fixture the parsed fixture
   * @param dtype the precision to compute in
   * @param ops the backend
   * @return an ordered map with keys {@code loss, loss_per_step, states, logits, probs, grads,
   *     params_after_sgd}
   * @throws RnnException if the fixture lacks a field or its shapes disagree
   */
  public static Map<String, Object> compute(Map<String, Object> fixture, DType dtype, TensorOps ops) {
    Map<?, ?> params = asMap(fixture.get("params"), "params");
    double[][] u = matrix(params.get("U"), "params.U");
    double[][] w = matrix(params.get("W"), "params.W");
    double[][] v = matrix(params.get("V"), "params.V");
    double[] bx = vector(params.get("bx"), "params.bx");
    double[] by = vector(params.get("by"), "params.by");
    int[] x = ids(fixture.get("x"), "x");
    int[] y = ids(fixture.get("y"), "y");
    double lr = number(fixture.get("lr"), "lr");
    int n = u.length;
    int m = n == 0 ? 0 : u[0].length;
    int steps = x.length;
    if (y.length != steps || steps == 0) {
      throw new RnnException("fixture: x and y must be non-empty and of the same length");
    }
    checkShape(w, n, n, "W");
    checkShape(v, m, n, "V");
    if (bx.length != n || by.length != m) {
      throw new RnnException("fixture: bx must have n=" + n + " and by m=" + m + " entries");
    }
    for (int i = 0; i < steps; i++) {
      if (x[i] < 0 || x[i] >= m || y[i] < 0 || y[i] >= m) {
        throw new RnnException("fixture: token ids must lie in [0, " + m + ")");
      }
    }
    RnnLanguageModel model = new RnnLanguageModel(ModelConfig.elman(m, n, dtype), ops,
        new ElmanCellProvider(), new SoftmaxCrossEntropyProvider().create(ops, Options.empty()),
        new SplittableRandom(0));
    fill(model.parameter("layers.0.Ut"), transposeArray(u));
    fill(model.parameter("layers.0.W"), w);
    fill(model.parameter("V"), v);
    fill(model.parameter("layers.0.bx"), new double[][] {bx});
    fill(model.parameter("by"), new double[][] {by});

    ModelWorkspace ws = model.newWorkspace(steps, 1);
    model.zeroGrad();
    model.forward(ws, x, 0, steps, null);
    Tensor logits = ws.logits().copy();
    Tensor probs = ws.logits().copy();
    ops.softmaxCrossEntropy(steps, m, probs, 0, null, 0, null, false);
    double[] rowLoss = new double[steps];
    double loss = model.loss(ws, y, 0, rowLoss, true);
    model.backward(ws, x, 0);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("loss", loss);
    out.put("loss_per_step", list(rowLoss));
    out.put("states", rows(ws.hidden(0), steps, n));
    out.put("logits", rows(logits, steps, m));
    out.put("probs", rows(probs, steps, m));
    out.put("grads", named(model, true));
    new SgdProvider().create(ops, lr, Options.empty()).step(model.parameters());
    out.put("params_after_sgd", named(model, false));
    return out;
  }

  private static Map<String, Object> named(RnnLanguageModel model, boolean grads) {
    int n = model.config().hiddenSize();
    int m = model.config().vocabSize();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("U", nested(transposeArray(toRows(pick(model.parameter("layers.0.Ut"), grads), m, n))));
    out.put("W", rows(pick(model.parameter("layers.0.W"), grads), n, n));
    out.put("V", rows(pick(model.parameter("V"), grads), m, n));
    out.put("bx", list(pick(model.parameter("layers.0.bx"), grads).toDoubleArray()));
    out.put("by", list(pick(model.parameter("by"), grads).toDoubleArray()));
    return out;
  }

  private static Tensor pick(Parameter p, boolean grad) {
    return grad ? p.grad() : p.value();
  }

  private static void fill(Parameter p, double[][] values) {
    int k = 0;
    for (double[] row : values) {
      for (double d : row) {
        p.value().set(k++, d);
      }
    }
  }

  private static double[][] toRows(Tensor t, int rows, int cols) {
    double[][] out = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[i][j] = t.get(i * cols + j);
      }
    }
    return out;
  }

  private static List<Object> rows(Tensor t, int rows, int cols) {
    return nested(toRows(t, rows, cols));
  }

  private static double[][] transposeArray(double[][] a) {
    int r = a.length;
    int c = r == 0 ? 0 : a[0].length;
    double[][] t = new double[c][r];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  private static List<Object> nested(double[][] a) {
    List<Object> out = new ArrayList<>();
    for (double[] row : a) {
      out.add(list(row));
    }
    return out;
  }

  private static List<Object> list(double[] a) {
    List<Object> out = new ArrayList<>();
    for (double d : a) {
      out.add(d);
    }
    return out;
  }

  private static void checkShape(double[][] a, int rows, int cols, String name) {
    if (a.length != rows || (rows > 0 && a[0].length != cols)) {
      throw new RnnException("fixture: params." + name + " must be [" + rows + ", " + cols + "]");
    }
  }

  private static Map<?, ?> asMap(Object o, String name) {
    if (!(o instanceof Map)) {
      throw new RnnException("fixture: '" + name + "' is missing or not an object");
    }
    return (Map<?, ?>) o;
  }

  private static double number(Object o, String name) {
    if (!(o instanceof Number)) {
      throw new RnnException("fixture: '" + name + "' is missing or not a number");
    }
    return ((Number) o).doubleValue();
  }

  private static double[] vector(Object o, String name) {
    if (!(o instanceof List)) {
      throw new RnnException("fixture: '" + name + "' is missing or not a list of numbers");
    }
    List<?> l = (List<?>) o;
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(l.get(i), name);
    }
    return out;
  }

  private static double[][] matrix(Object o, String name) {
    if (!(o instanceof List)) {
      throw new RnnException("fixture: '" + name + "' is missing or not a nested list");
    }
    List<?> l = (List<?>) o;
    double[][] out = new double[l.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = vector(l.get(i), name);
      if (out[i].length != out[0].length) {
        throw new RnnException("fixture: '" + name + "' has rows of different lengths");
      }
    }
    return out;
  }

  private static int[] ids(Object o, String name) {
    double[] d = vector(o, name);
    int[] out = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (int) d[i];
      if (out[i] != d[i]) {
        throw new RnnException("fixture: '" + name + "' must hold integer ids");
      }
    }
    return out;
  }
}

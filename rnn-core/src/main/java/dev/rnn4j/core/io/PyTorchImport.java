package dev.rnn4j.core.io;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.cell.ElmanCellProvider;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Imports the weights of a PyTorch {@code nn.RNN} (one-hot token input) followed by an {@code
 * nn.Linear} output layer from a safetensors file (for example {@code
 * safetensors.torch.save_file({**{"rnn." + k: v for k, v in rnn.state_dict().items()}, **{"fc." + k:
 * v for ...}}, path)}).
 *
 * <p>The mapping, per layer {@code k}: {@code weight_ih_lk} → U (stored transposed as {@code
 * layers.k.Ut}), {@code weight_hh_lk} → W, {@code bias_ih_lk + bias_hh_lk} → b_x; the Linear
 * layer's {@code weight} → V and {@code bias} → b_y. The RNN tensors are found by their suffix
 * ({@code weight_ih_l0} …, any prefix); the Linear layer is the one remaining {@code weight}
 * {@code [vocab, hidden]} with its {@code bias}.
 */
public final class PyTorchImport {
  private PyTorchImport() {}

  /**
   * @param activation {@code tanh} (nn.RNN's default) or {@code relu}
   * @return an Elman model holding the imported weights, in {@code dtype}
   * @throws RnnException when the file lacks a tensor, holds ambiguous ones, or shapes disagree
   */
  public static RnnLanguageModel elman(Path file, String activation, DType dtype, TensorOps ops) {
    Map<String, Tensor> t = SafeTensors.read(file).tensors();
    String prefix = null;
    for (String k : t.keySet()) {
      if (k.endsWith("weight_ih_l0")) {
        prefix = k.substring(0, k.length() - "weight_ih_l0".length());
      }
    }
    if (prefix == null) {
      throw new RnnException(file + " has no nn.RNN weights (no tensor named ...weight_ih_l0)");
    }
    int layers = 0;
    while (t.containsKey(prefix + "weight_ih_l" + layers)) {
      layers++;
    }
    Tensor wih0 = t.get(prefix + "weight_ih_l0");
    if (wih0.rank() != 2 || wih0.dim(0) < 1 || wih0.dim(1) < 2) {
      throw new RnnException(file + ": '" + Messages.shorten(prefix + "weight_ih_l0") + "' is " + wih0.describe()
          + ", expected [hidden, vocabulary] with hidden >= 1 and vocabulary >= 2");
    }
    int n = wih0.dim(0);
    int m = wih0.dim(1);
    List<String> linear = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : t.entrySet()) {
      String k = e.getKey();
      if (!k.startsWith(prefix) && k.endsWith("weight") && e.getValue().rank() == 2
          && e.getValue().dim(0) == m && e.getValue().dim(1) == n) {
        linear.add(k.substring(0, k.length() - "weight".length()));
      }
    }
    if (linear.size() != 1) {
      throw new RnnException(file + ": expected one nn.Linear weight of shape [" + m + ", " + n
          + "] besides the RNN, found " + Messages.oneLine(linear.toString()));
    }
    Options cellOptions = "tanh".equals(activation) ? Options.empty() : Options.of("activation", activation);
    RnnLanguageModel model = new RnnLanguageModel(
        new ModelConfig(m, n, layers, ElmanCellProvider.NAME, cellOptions, dtype), ops,
        new ElmanCellProvider(), new SoftmaxCrossEntropyProvider().create(ops, Options.empty()),
        new SplittableRandom(0));
    for (int l = 0; l < layers; l++) {
      String s = "_l" + l;
      Tensor wih = need(t, file, prefix + "weight_ih" + s, n, l == 0 ? m : n);
      set(model.parameter("layers." + l + ".Ut"), transpose(wih));
      set(model.parameter("layers." + l + ".W"), need(t, file, prefix + "weight_hh" + s, n, n));
      Tensor bih = need(t, file, prefix + "bias_ih" + s, n);
      Tensor bhh = need(t, file, prefix + "bias_hh" + s, n);
      Parameter bx = model.parameter("layers." + l + ".bx");
      for (int i = 0; i < n; i++) {
        bx.value().set(i, bih.get(i) + bhh.get(i));
      }
    }
    set(model.parameter("V"), need(t, file, linear.get(0) + "weight", m, n));
    set(model.parameter("by"), need(t, file, linear.get(0) + "bias", m));
    return model;
  }

  private static Tensor need(Map<String, Tensor> t, Path file, String name, int... shape) {
    Tensor x = t.get(name);
    if (x == null) {
      throw new RnnException(file + " lacks the tensor '" + Messages.shorten(name) + "'");
    }
    if (!java.util.Arrays.equals(x.shape(), shape)) {
      throw new RnnException(file + ": '" + Messages.shorten(name) + "' is " + x.describe() + ", expected shape "
          + java.util.Arrays.toString(shape));
    }
    return x;
  }

  private static Tensor transpose(Tensor a) {
    int r = a.dim(0);
    int c = a.dim(1);
    Tensor out = Tensor.zeros(DType.F64, c, r);
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        out.set(j * r + i, a.get(i * c + j));
      }
    }
    return out;
  }

  private static void set(Parameter p, Tensor values) {
    for (int i = 0; i < values.size(); i++) {
      p.value().set(i, values.get(i));
    }
  }
}

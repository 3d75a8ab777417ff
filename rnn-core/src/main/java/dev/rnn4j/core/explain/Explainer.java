package dev.rnn4j.core.explain;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.explain.Explanation.LayerStates;
import dev.rnn4j.core.explain.Explanation.StatePart;
import dev.rnn4j.core.generate.TextGenerator;
import dev.rnn4j.core.generate.TextGenerator.NextToken;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Explains a {@link LanguageModel} along a text, for any cell: per step P(next | prefix) with the
 * top-K alternatives and the surprisal of the actual next token; the state of every layer after
 * every step (for LSTM both h and c); and the gradient norms back in time ‖∂L_t/∂s_k‖ for every
 * {@code k <= t}. The gradients come from the model's own back-propagation through time: for each
 * step t the loss of that step alone is back-propagated and the cells record the gradient with
 * respect to their state at every earlier step ({@link
 * dev.rnn4j.api.cell.CellWorkspace#recordStateGradients}); a cell without that capability gets
 * no gradients. That costs {@code O(T²)} steps for a text of T tokens, hence {@link #MAX_TOKENS}.
 *
 * <p>The explainer works on a private copy of the weights taken when it is created (later changes
 * of the model are not seen), so it never touches the model's gradients and may run while other
 * threads generate from the model. Not thread-safe itself: one per thread.
 */
public final class Explainer {
  /** The longest text explained, in tokens (without {@code <s>}). */
  public static final int MAX_TOKENS = 500;

  private final LanguageModel model;
  private final Tokenizer tokenizer;
  private final RnnLanguageModel net;

  /**
   * @param tokenizer turns text into the model's tokens
   * @param plugins where the model's cell and loss are found, to build the private copy
   */
  public Explainer(LanguageModel model, Tokenizer tokenizer, Plugins plugins) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.net = copy(model.network(), plugins);
  }

  /** An explainer with the model's own tokenizer, re-created from its saved name and settings. */
  public static Explainer of(LanguageModel model, Plugins plugins) {
    return new Explainer(model, TextGenerator.of(model, plugins).tokenizer(), plugins);
  }

  private static RnnLanguageModel copy(RnnLanguageModel source, Plugins plugins) {
    ModelConfig c = source.config();
    RnnLanguageModel net = new RnnLanguageModel(c, source.ops(),
        plugins.select(plugins.cells(), c.cell()),
        plugins.select(plugins.losses(), null).create(source.ops(), Options.empty()),
        new SplittableRandom(0));
    for (Parameter p : net.parameters()) {
      p.value().copyFrom(source.parameter(p.name()).value());
    }
    return net;
  }

  /**
   * @param text the text, without {@code <s>}/{@code </s>} (they are added)
   * @param top how many most probable next tokens to list per step, at least 1
   * @throws RnnException when the text has no tokens or more than {@link #MAX_TOKENS}
   */
  public Explanation explain(String text, int top) {
    List<String> words = tokenizer.tokenize(text);
    if (words.isEmpty()) {
      throw new RnnException("the text to explain has no tokens");
    }
    if (words.size() > MAX_TOKENS) {
      throw new RnnException("the text to explain has " + words.size() + " tokens; at most "
          + MAX_TOKENS + " are explained");
    }
    Vocabulary v = model.vocabulary();
    int[] ids = new int[words.size() + 1];
    ids[0] = v.bosId();
    for (int i = 0; i < words.size(); i++) {
      ids[i + 1] = v.id(words.get(i));
    }
    return explainIds(ids, top);
  }

  /**
   * @param ids the token ids read, normally {@code <s>} first; the token after the last is {@code
   *     </s>}; not modified
   * @param top how many most probable next tokens to list per step, at least 1
   */
  public Explanation explainIds(int[] ids, int top) {
    Vocabulary v = model.vocabulary();
    if (ids.length == 0 || ids.length > MAX_TOKENS + 1) {
      throw new RnnException("a sequence to explain has 1 to " + (MAX_TOKENS + 1) + " ids, not "
          + ids.length);
    }
    if (top < 1) {
      throw new RnnException("top must be at least 1, not " + top);
    }
    List<String> tokens = new ArrayList<>();
    for (int id : ids) {
      if (id < 0 || id >= v.size()) {
        throw new RnnException("token id " + id + " is outside the vocabulary [0, " + v.size() + ")");
      }
      tokens.add(v.token(id));
    }
    int[] targets = new int[ids.length];
    for (int t = 0; t < ids.length; t++) {
      targets[t] = t + 1 < ids.length ? ids[t + 1] : v.eosId();
    }
    double[][][] states = new double[net.config().layers()][ids.length][];
    List<NextToken> positions = forwardSteps(ids, targets, top, states);
    return new Explanation(net.config().cell(), List.copyOf(tokens), List.copyOf(positions),
        layerStates(states), gradients(ids, targets));
  }

  /** Runs the steps one by one: the table rows, and each layer's state after each step. */
  private List<NextToken> forwardSteps(int[] ids, int[] targets, int top, double[][][] states) {
    Vocabulary v = model.vocabulary();
    int m = net.config().vocabSize();
    ModelWorkspace one = net.newWorkspace(1, 1);
    Tensor[] state = null;
    double[] p = new double[m];
    List<NextToken> out = new ArrayList<>();
    for (int t = 0; t < ids.length; t++) {
      net.forward(one, ids, t, 1, state);
      net.loss(one, null, 0, null, false);
      for (int j = 0; j < m; j++) {
        p[j] = one.logits().get(j);
      }
      out.add(new NextToken(v.token(ids[t]), v.token(targets[t]), p[targets[t]],
          TextGenerator.best(p, top, v)));
      state = new Tensor[states.length];
      for (int l = 0; l < states.length; l++) {
        state[l] = one.finalState(l).copy();
        states[l][t] = state[l].toDoubleArray();
      }
    }
    return out;
  }

  private List<LayerStates> layerStates(double[][][] states) {
    int n = net.config().hiddenSize();
    List<LayerStates> out = new ArrayList<>();
    for (int l = 0; l < states.length; l++) {
      int width = net.cell(l).stateWidth();
      List<StatePart> parts = new ArrayList<>();
      if (width % n != 0) {
        parts.add(new StatePart("s", states[l]));
      } else {
        for (int part = 0; part < width / n; part++) {
          double[][] values = new double[states[l].length][];
          for (int t = 0; t < values.length; t++) {
            values[t] = Arrays.copyOfRange(states[l][t], part * n, part * n + n);
          }
          parts.add(new StatePart(partName(part, width / n), values));
        }
      }
      out.add(new LayerStates(l, List.copyOf(parts)));
    }
    return out;
  }

  private static String partName(int part, int parts) {
    if (parts == 1) {
      return "h";
    }
    return parts == 2 ? (part == 0 ? "h" : "c") : "s" + part;
  }

  /** @return {@code [layer][t][k]} = ‖∂L_t/∂s_k‖, or null when a cell cannot record them */
  private double[][][] gradients(int[] ids, int[] targets) {
    int steps = ids.length;
    int layers = net.config().layers();
    ModelWorkspace ws = net.newWorkspace(steps, 1);
    Tensor[] record = new Tensor[layers];
    for (int l = 0; l < layers; l++) {
      record[l] = Tensor.zeros(net.config().dtype(), steps, net.cell(l).stateWidth());
      if (!ws.recordStateGradients(l, record[l])) {
        return null;
      }
    }
    double[][][] out = new double[layers][steps][];
    int[] only = new int[steps];
    for (int t = 0; t < steps; t++) {
      Arrays.fill(only, -1);
      only[t] = targets[t];
      net.forward(ws, ids, 0, t + 1, null);
      net.loss(ws, only, 0, null, true);
      net.backward(ws, ids, 0);
      for (int l = 0; l < layers; l++) {
        out[l][t] = rowNorms(record[l], t + 1);
      }
    }
    net.zeroGrad();
    return out;
  }

  private static double[] rowNorms(Tensor rows, int count) {
    int width = rows.dim(1);
    double[] out = new double[count];
    for (int k = 0; k < count; k++) {
      double sum = 0;
      for (int j = 0; j < width; j++) {
        double x = rows.get(k * width + j);
        sum += x * x;
      }
      out[k] = Math.sqrt(sum);
    }
    return out;
  }
}

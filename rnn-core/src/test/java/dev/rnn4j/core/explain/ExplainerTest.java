package dev.rnn4j.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.generate.Generator;
import dev.rnn4j.core.generate.TextGenerator.NextToken;
import dev.rnn4j.core.io.Json;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import dev.rnn4j.core.plugin.Plugins;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ExplainerTest {
  private static final Plugins PLUGINS = Plugins.defaults();
  private static final Vocabulary VOCAB =
      Vocabulary.withSpecials(List.of("a", "b", "c", "d", "e", "f", "g", "h"));
  private static final Tokenizer WORDS = new Tokenizer() {
    @Override public String name() { return "words"; }
    @Override public List<String> tokenize(String text) {
      return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }
    @Override public String detokenize(List<String> tokens) { return String.join(" ", tokens); }
    @Override public Options settings() { return Options.empty(); }
  };

  /** A float64 model with weights large enough that gradients neither vanish nor are trivial. */
  static LanguageModel model(String cell, int layers) {
    var ops = ScalarTensorOpsProvider.reference();
    RnnLanguageModel net = new RnnLanguageModel(
        new ModelConfig(VOCAB.size(), 5, layers, cell, Options.empty(), DType.F64), ops,
        PLUGINS.select(PLUGINS.cells(), cell),
        PLUGINS.select(PLUGINS.losses(), null).create(ops, Options.empty()), new SplittableRandom(11));
    SplittableRandom r = new SplittableRandom(5);
    for (Parameter p : net.parameters()) {
      for (int i = 0; i < p.value().size(); i++) {
        p.value().set(i, p.value().get(i) * 2 + r.nextDouble(-0.2, 0.2));
      }
    }
    return new LanguageModel(net, VOCAB, "words", Options.empty(), Map.of());
  }

  @ParameterizedTest
  @CsvSource({"elman, 1", "lstm, 1", "gru, 1", "elman, 2", "lstm, 2", "gru, 2"})
  void gradientNormsBackInTimeAgreeWithFiniteDifferences(String cell, int layers) {
    LanguageModel lm = model(cell, layers);
    Explanation e = new Explainer(lm, WORDS, PLUGINS).explain("a c b b h e", 3);
    int[] ids = ids("<s> a c b b h e");
    int[] targets = ids("a c b b h e </s>");
    int top = layers - 1;
    double[][] g = e.gradients()[top];
    assertEquals(ids.length, g.length);
    for (int t = 1; t < ids.length; t++) {
      assertEquals(t + 1, g[t].length);
      for (int k = 0; k < t; k++) {
        double fd = finiteDifferenceNorm(lm.network(), ids, targets, top, k, t);
        assertEquals(fd, g[t][k], 1e-7 * Math.max(1, fd), cell + " t=" + t + " k=" + k);
      }
    }
    assertTrue(g[ids.length - 1][0] > 0, "the first state influences the last loss");
  }

  /** At k = t only the output reads the state: ‖Vᵀ(p_t − onehot(y_t))‖. */
  @ParameterizedTest
  @CsvSource({"elman", "lstm", "gru"})
  void theGradientOfAStepsLossAtItsOwnStateIsThroughTheOutputLayer(String cell) {
    LanguageModel lm = model(cell, 1);
    int[] ids = ids("<s> d d a");
    int[] targets = ids("d d a </s>");
    Explanation e = new Explainer(lm, WORDS, PLUGINS).explainIds(ids, 2);
    double[][] p = Generator.nextTokenProbabilities(lm.network(), ids);
    Tensor v = lm.network().parameter("V").value();
    int n = 5;
    for (int t = 0; t < ids.length; t++) {
      double sum = 0;
      for (int j = 0; j < n; j++) {
        double d = 0;
        for (int i = 0; i < VOCAB.size(); i++) {
          d += v.get(i * n + j) * (p[t][i] - (i == targets[t] ? 1 : 0));
        }
        sum += d * d;
      }
      assertEquals(Math.sqrt(sum), e.gradients()[0][t][t], 1e-12);
    }
  }

  @Test
  void theTableGivesTheModelsProbabilitiesTopAlternativesAndSurprisal() {
    LanguageModel lm = model("lstm", 2);
    Explanation e = new Explainer(lm, WORDS, PLUGINS).explain("b a", 3);
    double[][] p = Generator.nextTokenProbabilities(lm.network(), ids("<s> b a"));
    assertEquals(List.of("<s>", "b", "a"), e.tokens());
    List<String> actual = e.positions().stream().map(NextToken::actual).toList();
    assertEquals(List.of("b", "a", "</s>"), actual);
    for (int t = 0; t < 3; t++) {
      NextToken row = e.positions().get(t);
      assertEquals(p[t][VOCAB.id(row.actual())], row.probability(), 1e-13);
      assertEquals(-Math.log(row.probability()) / Math.log(2), row.surprisal(), 1e-12);
      assertEquals(3, row.alternatives().size());
      double best = Arrays.stream(p[t]).max().orElseThrow();
      assertEquals(best, row.alternatives().get(0).probability(), 1e-13);
    }
  }

  @Test
  void anLstmShowsBothHAndCForEveryLayerAndStep() {
    LanguageModel lm = model("lstm", 2);
    Explanation e = new Explainer(lm, WORDS, PLUGINS).explain("b a c", 2);
    assertEquals(2, e.layers().size());
    for (Explanation.LayerStates l : e.layers()) {
      assertEquals(List.of("h", "c"), l.parts().stream().map(Explanation.StatePart::name).toList());
      assertEquals(4, l.parts().get(0).values().length);
      assertEquals(5, l.parts().get(1).values()[3].length);
    }
    // the top layer's h is what the full forward pass outputs
    RnnLanguageModel net = lm.network();
    ModelWorkspace ws = net.newWorkspace(4, 1);
    net.forward(ws, ids("<s> b a c"), 0, 4, null);
    for (int t = 0; t < 4; t++) {
      for (int j = 0; j < 5; j++) {
        assertEquals(ws.hidden(1).get(t * 5 + j), e.layers().get(1).parts().get(0).values()[t][j], 1e-13);
      }
    }
    Map<?, ?> json = (Map<?, ?>) Json.parse(Json.write(e.toJson()));
    assertEquals(List.of("<s>", "b", "a", "c"), json.get("tokens"));
    assertNotNull(json.get("gradients"));
  }

  @Test
  void explainingLeavesTheModelsGradientsUntouched() {
    LanguageModel lm = model("elman", 1);
    new Explainer(lm, WORDS, PLUGINS).explain("a b c", 2);
    for (Parameter p : lm.network().parameters()) {
      assertTrue(Arrays.stream(p.grad().toDoubleArray()).allMatch(x -> x == 0), p.name());
    }
  }

  @Test
  void emptyAndTooLongTextsAreRefusedWithTheBound() {
    Explainer x = new Explainer(model("elman", 1), WORDS, PLUGINS);
    assertThrows(RnnException.class, () -> x.explain("  ", 2));
    String longText = "a ".repeat(Explainer.MAX_TOKENS + 1);
    RnnException e = assertThrows(RnnException.class, () -> x.explain(longText, 2));
    assertTrue(e.getMessage().contains(String.valueOf(Explainer.MAX_TOKENS)), e.getMessage());
  }

  private static int[] ids(String tokens) {
    return VOCAB.encode(List.of(tokens.split(" ")));
  }

  /**
   * ‖∂L_t/∂s_k‖ of layer {@code layer} by central differences: run steps 0..k, perturb one entry
   * of that layer's state, run steps k+1..t from there and take the loss of step t.
   */
  private static double finiteDifferenceNorm(RnnLanguageModel net, int[] ids, int[] targets,
      int layer, int k, int t) {
    ModelWorkspace ws = net.newWorkspace(ids.length, 1);
    net.forward(ws, ids, 0, k + 1, null);
    int layers = net.config().layers();
    Tensor[] state = new Tensor[layers];
    for (int l = 0; l < layers; l++) {
      state[l] = ws.finalState(l).copy();
    }
    double h = 1e-6;
    double sum = 0;
    for (int j = 0; j < state[layer].size(); j++) {
      double x = state[layer].get(j);
      state[layer].set(j, x + h);
      double plus = lossAt(net, ids, targets, k, t, state);
      state[layer].set(j, x - h);
      double minus = lossAt(net, ids, targets, k, t, state);
      state[layer].set(j, x);
      double d = (plus - minus) / (2 * h);
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  private static double lossAt(RnnLanguageModel net, int[] ids, int[] targets, int k, int t,
      Tensor[] state) {
    ModelWorkspace ws = net.newWorkspace(ids.length, 1);
    int steps = t - k;
    net.forward(ws, ids, k + 1, steps, state);
    int[] only = new int[steps];
    Arrays.fill(only, -1);
    only[steps - 1] = targets[t];
    return net.loss(ws, only, 0, null, false);
  }
}

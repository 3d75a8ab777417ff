package dev.rnn4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.core.cell.ElmanCellProvider;
import dev.rnn4j.core.cell.GruCellProvider;
import dev.rnn4j.core.cell.LstmCellProvider;
import dev.rnn4j.core.io.Json;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import dev.rnn4j.core.plugin.Plugins;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * rnn4j's {@link Trainer} follows PyTorch's training trajectory: from the same initial weights and
 * data laid out as rnn4j documents (parallel streams in windows with the state carried and
 * detached, or shuffled padded sentence batches), every parameter after every one of 20 updates
 * equals PyTorch's to 1e-9 relative, for Adam, SGD with momentum, RMSprop, Adagrad, plain SGD
 * with the mean loss, momentum with norm clipping, plain SGD with dropout and Adam with variational
 * dropout (the script draws the masks rnn4j draws). Fixtures: {@code scripts/gen-trajectory-fixtures.py}.
 */
class TrajectoryFixtureTest {
  private static final TensorOps OPS = ScalarTensorOpsProvider.reference();
  private static final double TOLERANCE = 1e-9;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"elman_stream", "lstm_stream", "gru_stream", "elman_sentences",
      "lstm_sentences", "gru_sentences"})
  void everyParameterAfterEveryUpdateEqualsPyTorch(String name) throws IOException {
    Map<String, Object> fx = fixture("trajectory_" + name);
    List<String> failures = new ArrayList<>();
    for (Object r : list(fx.get("runs"))) {
      Map<String, Object> run = map(r);
      List<Map<String, double[]>> ours = train(fx, run);
      List<Object> expected = list(run.get("parameters"));
      assertEquals(expected.size(), ours.size(), run.get("name") + ": updates");
      for (int u = 0; u < expected.size(); u++) {
        for (Map.Entry<String, Object> e : map(expected.get(u)).entrySet()) {
          double rel = relativeError(doubles(e.getValue()), ours.get(u).get(e.getKey()));
          if (!(rel <= TOLERANCE)) {
            failures.add(run.get("name") + " update " + (u + 1) + " " + e.getKey()
                + ": relative error " + rel);
          }
        }
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " mismatches, first: "
        + failures.subList(0, Math.min(8, failures.size())));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"elman_sentences", "lstm_sentences"})
  void theScriptReproducesTheTrainersSentenceOrder(String name) throws IOException {
    Map<String, Object> fx = fixture("trajectory_" + name);
    List<Object> orders = list(fx.get("orders"));
    long seed = ((Number) fx.get("seed")).longValue();
    for (int e = 0; e < orders.size(); e++) {
      int[] expected = ints(orders.get(e));
      assertArrayEquals(expected, Trainer.epochOrder(seed, e + 1, expected.length), "epoch " + (e + 1));
    }
  }

  /** Trains a fresh model from the fixture's initial weights; the parameters after each update. */
  private static List<Map<String, double[]>> train(Map<String, Object> fx, Map<String, Object> run) {
    String cell = (String) fx.get("cell");
    int m = integer(fx, "vocab");
    int batch = integer(fx, "batch");
    RnnLanguageModel model = new RnnLanguageModel(
        new ModelConfig(m, integer(fx, "hidden"), integer(fx, "layers"), cell, Options.empty(),
            DType.F64).withDropout(((Number) run.get("dropout")).doubleValue(),
            Boolean.TRUE.equals(run.get("variational"))),
        OPS, switch (cell) {
          case "lstm" -> new LstmCellProvider();
          case "gru" -> new GruCellProvider();
          default -> new ElmanCellProvider();
        }, new SoftmaxCrossEntropyProvider().create(OPS, Options.empty()), new SplittableRandom(1));
    Map<String, Object> initial = map(fx.get("initial"));
    for (Parameter p : model.parameters()) {
      double[] v = doubles(initial.get(p.name()));
      p.value().copyFrom(Tensor.wrap(v, p.value().shape()));
    }
    Options options = Options.empty();
    for (Map.Entry<String, Object> e : map(run.get("options")).entrySet()) {
      options = options.with(e.getKey(), (String) e.getValue());
    }
    Optimizer optimizer = Plugins.defaults().select(Plugins.defaults().optimizers(), (String) run.get("optimizer"))
        .create(OPS, ((Number) run.get("lr")).doubleValue(), options);
    TrainingConfig config = new TrainingConfig(integer(fx, "epochs"), batch,
        ((Number) fx.get("seed")).longValue(), 0, ((Number) run.get("clip_norm")).doubleValue(), 0, 0);
    TrainingData data = "stream".equals(fx.get("mode"))
        ? TrainingData.stream(ints(fx.get("data")), integer(fx, "window"))
        : TrainingData.sentences(sentences(fx.get("data")));
    List<Map<String, double[]>> trajectory = new ArrayList<>();
    new Trainer(model, optimizer, config, integer(fx, "bos"), integer(fx, "eos"))
        .lossReduction("mean".equals(run.get("reduction")) ? LossReduction.MEAN : LossReduction.SUM)
        .fit(data, new TrainingListener() {
          @Override
          public void onStep(int epoch, int step, int stepsPerEpoch, double loss, int tokens) {
            Map<String, double[]> snapshot = new java.util.HashMap<>();
            for (Parameter p : model.parameters()) {
              snapshot.put(p.name(), p.value().toDoubleArray());
            }
            trajectory.add(snapshot);
          }
        });
    return trajectory;
  }

  /** max |e - a| / max(max |e|, max |a|); infinite when a is missing or of another length. */
  private static double relativeError(double[] expected, double[] actual) {
    if (actual == null || actual.length != expected.length) {
      return Double.POSITIVE_INFINITY;
    }
    double diff = 0;
    double scale = 1e-300;
    for (int i = 0; i < expected.length; i++) {
      diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
      scale = Math.max(scale, Math.max(Math.abs(expected[i]), Math.abs(actual[i])));
    }
    return diff / scale;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> fixture(String name) throws IOException {
    try (InputStream in = TrajectoryFixtureTest.class.getResourceAsStream("/fixtures/" + name + ".json")) {
      return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  static int integer(Map<String, Object> fx, String key) {
    return ((Number) fx.get(key)).intValue();
  }

  static double[] doubles(Object o) {
    List<Object> l = list(o);
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).doubleValue();
    }
    return out;
  }

  static int[] ints(Object o) {
    List<Object> l = list(o);
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).intValue();
    }
    return out;
  }

  private static List<int[]> sentences(Object o) {
    List<int[]> out = new ArrayList<>();
    for (Object s : list(o)) {
      out.add(ints(s));
    }
    return out;
  }
}

// The rnn4j side of scripts/learning-curve.py: trains one model with rnn4j's Trainer on token ids
// written by that script and prints one line per epoch: "epoch train_loss validation_loss" (nats
// per token). Run by the script as a single-file Java program against the built classes:
//   java --add-modules jdk.incubator.vector -cp CLASSPATH scripts/LearningCurve.java DIR CELL
//       HIDDEN EPOCHS LR BATCH WINDOW SEED DTYPE BACKEND [INIT] [layers=L] [dropout=P]
//       [variational=true|false] [tied=true|false]
// DIR holds train.ids and val.ids (first line the vocabulary size, then one id per line); INIT,
// when given, is a file of big-endian float64 values: every parameter in rnn4j's order and layout.
// The key=value settings (used by scripts/quality-table.py) default to 1 layer, no dropout, untied;
// they map to ModelConfig's layers, withDropout(P, variational) and withTiedWeights(tied).
import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.train.EpochStats;
import dev.rnn4j.core.train.Trainer;
import dev.rnn4j.core.train.TrainingConfig;
import dev.rnn4j.core.train.TrainingData;
import dev.rnn4j.core.train.TrainingListener;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

public final class LearningCurve {
  public static void main(String[] a) throws IOException {
    Path dir = Path.of(a[0]);
    int[] train = ids(dir.resolve("train.ids"));
    int[] val = ids(dir.resolve("val.ids"));
    int vocab = Integer.parseInt(Files.readAllLines(dir.resolve("train.ids")).get(0).trim());
    int batch = Integer.parseInt(a[5]);
    int window = Integer.parseInt(a[6]);
    long seed = Long.parseLong(a[7]);
    String init = null;
    Map<String, String> settings = new HashMap<>();
    for (int i = 10; i < a.length; i++) {
      int eq = a[i].indexOf('=');
      if (eq < 0) {
        init = a[i];
      } else {
        settings.put(a[i].substring(0, eq), a[i].substring(eq + 1));
      }
    }
    ModelConfig config = new ModelConfig(vocab, Integer.parseInt(a[2]),
        Integer.parseInt(settings.getOrDefault("layers", "1")), a[1], Options.empty(), DType.parse(a[8]))
        .withDropout(Double.parseDouble(settings.getOrDefault("dropout", "0")),
            Boolean.parseBoolean(settings.getOrDefault("variational", "false")))
        .withTiedWeights(Boolean.parseBoolean(settings.getOrDefault("tied", "false")));
    Plugins plugins = Plugins.defaults();
    TensorOps ops = plugins.backend(a[9], Options.empty());
    RnnLanguageModel net = new RnnLanguageModel(config,
        ops, plugins.select(plugins.cells(), a[1]), plugins.select(plugins.losses(), null).create(ops, Options.empty()),
        new SplittableRandom(seed));
    if (init != null) {
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(Path.of(init))))) {
        for (Parameter p : net.parameters()) {
          for (int i = 0; i < p.value().size(); i++) {
            p.value().set(i, in.readDouble());
          }
        }
        if (in.read() != -1) {
          throw new IllegalArgumentException(init + " holds more values than the model's parameters");
        }
      }
    }
    List<EpochStats> history = new Trainer(net,
        plugins.select(plugins.optimizers(), "adam").create(ops, Double.parseDouble(a[4]), Options.empty()),
        TrainingConfig.of(Integer.parseInt(a[3]), batch, seed), 2, 3)
        .validation(TrainingData.stream(val, window))
        .fit(TrainingData.stream(train, window), new TrainingListener() {});
    for (EpochStats s : history) {
      System.out.println(s.epoch() + " " + s.meanLoss() + " " + s.validationLoss());
    }
  }

  private static int[] ids(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    return lines.stream().skip(1).mapToInt(l -> Integer.parseInt(l.trim())).toArray();
  }
}

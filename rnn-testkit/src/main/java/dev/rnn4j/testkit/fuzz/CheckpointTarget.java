package dev.rnn4j.testkit.fuzz;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.io.Json;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.train.Trainer;
import dev.rnn4j.core.train.TrainingConfig;
import dev.rnn4j.core.train.TrainingData;
import dev.rnn4j.core.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@link Trainer#resume} from checkpoint bytes: a tiny Adam-trained model's checkpoints (end of
 * an epoch and mid-epoch) are the seeds; generation edits the trainer state (position, sums,
 * history, schedule) and strips the checksums half of the time.
 */
public final class CheckpointTarget implements FuzzTarget {
  private static final long[] INTS = {0, 1, 2, 3, 7, 1 << 20, Integer.MAX_VALUE, 1L << 40, -1};
  private final Plugins plugins = Plugins.defaults();
  private final TensorOps ops = plugins.backend("scalar", Options.empty());
  private final TempFile file = new TempFile("checkpoint.safetensors");
  private final TrainingData data = TrainingData.sentences(List.of(new int[] {4, 5, 6},
      new int[] {5, 6, 7, 4}, new int[] {6}, new int[] {7, 7, 4, 5, 6}));
  private final List<byte[]> seeds = new ArrayList<>();

  /** Trains the tiny model that writes the seed checkpoints. */
  public CheckpointTarget() {
    for (int every : new int[] {0, 1}) {
      try {
        trainer(1).checkpoints(file.write(new byte[0]), every).fit(data, new TrainingListener() {});
        seeds.add(Files.readAllBytes(file.path()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private Trainer trainer(int epochs) {
    RnnLanguageModel m = new RnnLanguageModel(new ModelConfig(8, 3, 1, "elman", Options.empty(),
        DType.F64), ops, plugins.select(plugins.cells(), "elman"),
        plugins.select(plugins.losses(), null).create(ops, Options.empty()), new SplittableRandom(1));
    return new Trainer(m, plugins.select(plugins.optimizers(), "adam").create(ops, 0.01, Options.empty()),
        TrainingConfig.of(epochs, 2, 1), 2, 3);
  }

  @Override
  public String name() {
    return "checkpoint";
  }

  @Override
  public List<byte[]> seeds() {
    return seeds;
  }

  @Override
  public List<byte[]> dictionary() {
    return JsonTarget.words();
  }

  @Override
  @SuppressWarnings("unchecked")
  public byte[] generate(SplittableRandom r) {
    byte[] seed = seeds.get(r.nextInt(seeds.size()));
    Map<String, Object> h = (Map<String, Object>) Json.parse(Samples.header(seed));
    Map<String, Object> meta = (Map<String, Object>) h.get("__metadata__");
    Map<String, Object> st = (Map<String, Object>) Json.parse((String) meta.get("trainer"));
    List<String> keys = new ArrayList<>(st.keySet());
    for (int k = 1 + r.nextInt(3); k > 0; k--) {
      String key = keys.get(r.nextInt(keys.size()));
      st.put(key, switch (r.nextInt(4)) {
        case 0 -> INTS[r.nextInt(INTS.length)];
        case 1 -> String.valueOf(INTS[r.nextInt(INTS.length)]);
        case 2 -> List.of(List.of(1L, "NaN", 3L));
        default -> Map.of("best", "x");
      });
    }
    meta.put("trainer", Json.write(st));
    if (r.nextBoolean()) {
      meta.remove("rnn4j_crc32c");
    }
    return Samples.safetensors(Json.write(h), Samples.data(seed));
  }

  @Override
  public void run(byte[] input) throws IOException {
    trainer(2).resume(file.write(input), data, new TrainingListener() {});
  }

  @Override
  public void close() {
    file.close();
  }
}

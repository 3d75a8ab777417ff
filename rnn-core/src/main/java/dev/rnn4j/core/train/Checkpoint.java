package dev.rnn4j.core.train;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.core.io.Json;
import dev.rnn4j.core.io.SafeTensors;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.train.schedule.LearningRateSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training checkpoints: one safetensors file with the weights ({@code param/NAME}), the optimizer
 * state ({@code optim/KEY}), the carried hidden states ({@code carry/LAYER}) and, in {@code
 * __metadata__}, the position (epoch, batch, chunk, update count), the running sums of the epoch,
 * the learning rate, the schedule and early-stopping state, and the history of finished epochs.
 * Written atomically by {@link Trainer}; read by {@link Trainer#resume}.
 */
public final class Checkpoint {
  /** The {@code format} metadata value. */
  public static final String FORMAT = dev.rnn4j.core.io.ModelFile.CHECKPOINT_FORMAT;

  private Checkpoint() {}

  /**
   * A checkpoint file read into memory, checked to be an rnn4j checkpoint.
   *
   * @param file where it was read from
   * @param contents its tensors and metadata
   */
  public record Opened(Path file, SafeTensors.Contents contents) {
    /** @return the metadata (the trainer's state under {@code trainer}, an attachment's entries) */
    public Map<String, String> metadata() {
      return contents.metadata();
    }

    /** @return the epoch the checkpoint continues with (1-based; epochs before it are finished) */
    public int nextEpoch() {
      return (int) lng(state(this).get("epoch"));
    }

    /** @return the number of updates made before the checkpoint */
    public long step() {
      return lng(state(this).get("step"));
    }

    /** @return whether training stopped early (patience) before the checkpoint */
    public boolean stoppedEarly() {
      return Boolean.TRUE.equals(state(this).get("stopped"));
    }
  }

  /**
   * @return the checkpoint in {@code file}
   * @throws RnnException when it is missing, damaged or not an rnn4j checkpoint
   */
  public static Opened open(Path file) {
    SafeTensors.Contents c = SafeTensors.read(file);
    if (!FORMAT.equals(c.metadata().get("format"))) {
      throw new RnnException(file + " is not an rnn4j training checkpoint");
    }
    Opened o = new Opened(file, c);
    state(o);
    return o;
  }

  private static Map<?, ?> state(Opened o) {
    try {
      Object s = Json.parse(o.metadata().get("trainer"));
      if (s instanceof Map) {
        return (Map<?, ?>) s;
      }
    } catch (RuntimeException e) {
      throw new RnnException(o.file() + " has no valid trainer state: " + e.getMessage());
    }
    throw new RnnException(o.file() + " has no valid trainer state");
  }

  static void write(Path file, RnnLanguageModel model, Optimizer optimizer,
      LearningRateSchedule schedule, Trainer.TrainerState st, Map<String, String> extra) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Parameter p : model.parameters()) {
      tensors.put("param/" + p.name(), p.value());
    }
    for (Map.Entry<String, Tensor> e : optimizer.state().entrySet()) {
      tensors.put("optim/" + e.getKey(), e.getValue());
    }
    for (int l = 0; l < st.carry.length; l++) {
      tensors.put("carry/" + l, st.carry[l]);
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("epoch", (long) st.epoch);
    s.put("batch", (long) st.batch);
    s.put("chunk", (long) st.chunk);
    s.put("step", st.step);
    s.put("epoch_loss", Double.toString(st.epochLoss));
    s.put("epoch_tokens", st.epochTokens);
    s.put("epoch_seconds", Double.toString(st.epochSeconds));
    s.put("learning_rate", Double.toString(st.learningRate));
    s.put("best_validation", Double.toString(st.bestValidation));
    s.put("bad_epochs", (long) st.badEpochs);
    s.put("stopped", st.stopped);
    s.put("schedule", schedule.state());
    List<Object> history = new ArrayList<>();
    for (EpochStats e : st.history) {
      history.add(List.of((long) e.epoch(), Double.toString(e.meanLoss()), e.tokens(),
          Double.toString(e.seconds()), Double.toString(e.validationLoss()),
          Double.toString(e.learningRate())));
    }
    s.put("history", history);
    Map<String, String> meta = new LinkedHashMap<>(extra);
    meta.put("format", FORMAT);
    meta.put("trainer", Json.write(s));
    SafeTensors.write(file, tensors, meta);
  }

  static Trainer.TrainerState read(Opened opened, RnnLanguageModel model, Optimizer optimizer,
      LearningRateSchedule schedule) {
    Path file = opened.file();
    SafeTensors.Contents c = opened.contents();
    for (Parameter p : model.parameters()) {
      Tensor t = c.tensors().get("param/" + p.name());
      if (t == null || t.dtype() != p.value().dtype() || t.size() != p.value().size()) {
        throw new RnnException(file + " does not fit this model: parameter '" + p.name()
            + "' is missing or has another shape; was it written with other settings?");
      }
      p.value().copyFrom(t);
    }
    Map<String, Tensor> optim = new LinkedHashMap<>();
    c.tensors().forEach((k, v) -> {
      if (k.startsWith("optim/")) {
        optim.put(k.substring("optim/".length()), v);
      }
    });
    optimizer.restoreState(optim);
    Map<?, ?> s = state(opened);
    Trainer.TrainerState st = new Trainer.TrainerState(dbl(s.get("learning_rate")));
    st.epoch = (int) lng(s.get("epoch"));
    st.batch = (int) lng(s.get("batch"));
    st.chunk = (int) lng(s.get("chunk"));
    st.step = lng(s.get("step"));
    st.epochLoss = dbl(s.get("epoch_loss"));
    st.epochTokens = lng(s.get("epoch_tokens"));
    st.epochSeconds = dbl(s.get("epoch_seconds"));
    st.bestValidation = dbl(s.get("best_validation"));
    st.badEpochs = (int) lng(s.get("bad_epochs"));
    st.stopped = Boolean.TRUE.equals(s.get("stopped"));
    Map<String, String> sched = new LinkedHashMap<>();
    ((Map<?, ?>) s.get("schedule")).forEach((k, v) -> sched.put(String.valueOf(k), String.valueOf(v)));
    schedule.restoreState(sched);
    for (Object o : (List<?>) s.get("history")) {
      List<?> e = (List<?>) o;
      st.history.add(new EpochStats((int) lng(e.get(0)), dbl(e.get(1)), lng(e.get(2)),
          dbl(e.get(3)), dbl(e.get(4)), dbl(e.get(5))));
    }
    st.carry = new Tensor[model.config().layers()];
    for (int l = 0; l < st.carry.length; l++) {
      st.carry[l] = c.tensors().get("carry/" + l);
      if (st.carry[l] == null) {
        throw new RnnException(file + " lacks the carried state of layer " + l);
      }
    }
    return st;
  }

  private static long lng(Object o) {
    return ((Number) o).longValue();
  }

  private static double dbl(Object o) {
    return Double.parseDouble(String.valueOf(o));
  }
}

package dev.rnn4j.core.train;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.core.io.Json;
import dev.rnn4j.core.io.Messages;
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
      return state().integer("epoch");
    }

    /** @return the number of updates made before the checkpoint */
    public long step() {
      return state().lng("step");
    }

    /** @return whether training stopped early (patience) before the checkpoint */
    public boolean stoppedEarly() {
      return Boolean.TRUE.equals(state().raw("stopped"));
    }

    private CheckpointState state() {
      return CheckpointState.parse(file, metadata().get("trainer"));
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
    o.nextEpoch(); // the trainer state is readable
    return o;
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
    checkOptimizerShapes(file, model, optim);
    try {
      optimizer.restoreState(optim);
    } catch (RnnException e) {
      throw new RnnException(file + ": the optimizer state does not fit: " + Messages.oneLine(e.getMessage()));
    }
    Trainer.TrainerState st = state(file, c.metadata().get("trainer"), schedule);
    st.carry = new Tensor[model.config().layers()];
    for (int l = 0; l < st.carry.length; l++) {
      st.carry[l] = c.tensors().get("carry/" + l);
      if (st.carry[l] == null || st.carry[l].dtype() != model.config().dtype()
          || st.carry[l].size() % model.config().hiddenSize() != 0) {
        throw new RnnException(file + " lacks the carried state of layer " + l
            + " or it does not fit the hidden size " + model.config().hiddenSize());
      }
    }
    return st;
  }

  private static void checkOptimizerShapes(Path file, RnnLanguageModel model, Map<String, Tensor> optim) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    model.parameters().forEach(p -> sizes.put(p.name(), p.value().size()));
    optim.forEach((key, t) -> {
      int slash = key.lastIndexOf('/');
      Integer size = slash < 0 ? null : sizes.get(key.substring(0, slash));
      if (slash >= 0 && (size == null || size != t.size())) {
        throw new RnnException(file + ": optimizer state 'optim/" + key
            + "' belongs to no parameter of this model or has another size");
      }
    });
  }

  private static Trainer.TrainerState state(Path file, String text, LearningRateSchedule schedule) {
    CheckpointState s = CheckpointState.parse(file, text);
    Trainer.TrainerState st = new Trainer.TrainerState(s.dbl("learning_rate"));
    st.epoch = s.integer("epoch");
    st.batch = s.integer("batch");
    st.chunk = s.integer("chunk");
    st.step = s.lng("step");
    st.epochLoss = s.dbl("epoch_loss");
    st.epochTokens = s.lng("epoch_tokens");
    st.epochSeconds = s.dbl("epoch_seconds");
    st.bestValidation = s.dbl("best_validation");
    st.badEpochs = s.integer("bad_epochs");
    st.stopped = Boolean.TRUE.equals(s.raw("stopped"));
    try {
      schedule.restoreState(s.strings("schedule"));
    } catch (RnnException e) {
      throw new RnnException(file + ": trainer state 'schedule' does not fit: " + Messages.oneLine(e.getMessage()));
    }
    for (List<?> e : s.rows("history", 6)) {
      st.history.add(new EpochStats((int) s.lng(e.get(0), "history"), s.dbl(e.get(1), "history"),
          s.lng(e.get(2), "history"), s.dbl(e.get(3), "history"), s.dbl(e.get(4), "history"),
          s.dbl(e.get(5), "history")));
    }
    return st;
  }
}

package dev.rnn4j.core.train;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.ops.Regions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import dev.rnn4j.core.train.schedule.ConstantSchedule;
import dev.rnn4j.core.train.schedule.LearningRateSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link RnnLanguageModel} on {@link TrainingData}.
 *
 * <p>Every epoch shuffles the sentences with a generator seeded from {@link TrainingConfig#seed()}
 * and the epoch number (streams are read in order), lays them out in batches, and per update:
 * zeroes the gradients, runs forward, loss and BPTT (gradients of shared parameters summed over
 * all steps; with {@link TrainingConfig#bpttSteps()} the sequence is cut into chunks and the state
 * carried between them), optionally clips, and lets the optimizer update the weights. After each
 * epoch it measures the validation loss (when validation data is set), asks the learning-rate
 * schedule for the next rate, and stops early when the validation loss has not improved for
 * {@link TrainingConfig#patience()} epochs.
 *
 * <p>Checkpoints (see {@link Checkpoint}) hold everything needed to continue: weights, optimizer
 * state, learning rate, data position, carried states and counters; {@link #resume} continues a
 * run so that it ends with the same weights, bit for bit, as an uninterrupted one. The same seed,
 * data, backend and thread count give the same weights. A NaN or infinite loss stops training
 * with a {@link RnnException} suggesting a remedy; no checkpoint is written after it, so the last
 * good one stays.
 *
 * <p>Order of use: construct, optionally {@link #validation}, {@link #schedule}, {@link
 * #checkpoints}, then {@link #fit} or {@link #resume} once. Not thread-safe.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final RnnLanguageModel model;
  private final Optimizer optimizer;
  private final TrainingConfig config;
  private final int bos;
  private final int eos;
  private TrainingData validation;
  private LearningRateSchedule schedule = new ConstantSchedule();
  private Path checkpointFile;
  private int checkpointEvery;

  /**
   * @param bos the id of {@code <s>}
   * @param eos the id of {@code </s>}
   */
  public Trainer(RnnLanguageModel model, Optimizer optimizer, TrainingConfig config, int bos, int eos) {
    this.model = model;
    this.optimizer = optimizer;
    this.config = config;
    this.bos = bos;
    this.eos = eos;
  }

  /** Measures the loss per token on {@code data} after every epoch (early stopping uses it). */
  public Trainer validation(TrainingData data) {
    this.validation = data;
    return this;
  }

  /** Sets the learning-rate schedule applied after every epoch (default: constant). */
  public Trainer schedule(LearningRateSchedule schedule) {
    this.schedule = schedule;
    return this;
  }

  /**
   * Writes a checkpoint to {@code file} (atomically) every {@code everySteps} updates (0 = only at
   * the end of each epoch) and at the end of each epoch.
   */
  public Trainer checkpoints(Path file, int everySteps) {
    if (everySteps < 0) {
      throw new RnnException("the checkpoint interval must be >= 0 steps, got " + everySteps);
    }
    this.checkpointFile = file;
    this.checkpointEvery = everySteps;
    return this;
  }

  /** @return the model being trained */
  public RnnLanguageModel model() {
    return model;
  }

  /**
   * Trains from the start for {@link TrainingConfig#epochs()} epochs (fewer when stopping early).
   *
   * @return the statistics of every epoch
   */
  public List<EpochStats> fit(TrainingData data, TrainingListener listener) {
    return run(data, new TrainerState(optimizer.learningRate()), listener);
  }

  /**
   * Continues a run from a checkpoint written by this trainer's configuration: restores the
   * weights, optimizer state and position, then trains to the end.
   */
  public List<EpochStats> resume(Path checkpoint, TrainingData data, TrainingListener listener) {
    TrainerState state = Checkpoint.read(checkpoint, model, optimizer, schedule);
    checkPosition(checkpoint, state, data);
    optimizer.setLearningRate(state.learningRate);
    LOG.info("resuming at epoch {}, update {}", state.epoch, state.step);
    return run(data, state, listener);
  }

  /** @throws RnnException when the checkpoint's position or carried state does not fit the data */
  private void checkPosition(Path checkpoint, TrainerState st, TrainingData data) {
    int batch = config.batchSize();
    int maxSteps = data.maxSteps();
    int chunk = config.bpttSteps() > 0 ? Math.min(config.bpttSteps(), maxSteps) : maxSteps;
    if (st.batch > data.batchCount(batch) || (long) st.chunk * chunk > maxSteps) {
      throw new RnnException(checkpoint + ": trainer state 'batch' " + st.batch + " / 'chunk' "
          + st.chunk + " lies outside this data (" + data.batchCount(batch) + " batches of "
          + batch + "); was it written for other data or settings?");
    }
    for (int l = 0; l < st.carry.length; l++) {
      if (st.carry[l].size() != batch * model.cell(l).stateWidth()) {
        throw new RnnException(checkpoint + ": the carried state of layer " + l + " has "
            + st.carry[l].size() + " values but batch " + batch + " needs "
            + batch * model.cell(l).stateWidth() + "; was it written with another batch size?");
      }
    }
  }

  private List<EpochStats> run(TrainingData data, TrainerState st, TrainingListener listener) {
    data.checkIds(model.config().vocabSize());
    int batch = config.batchSize();
    int maxSteps = data.maxSteps();
    int chunk = config.bpttSteps() > 0 ? Math.min(config.bpttSteps(), maxSteps) : maxSteps;
    ModelWorkspace ws = model.newWorkspace(chunk, batch);
    int[] inputs = new int[maxSteps * batch];
    int[] targets = new int[maxSteps * batch];
    Tensor[] carry = new Tensor[model.config().layers()];
    for (int l = 0; l < carry.length; l++) {
      carry[l] = Tensor.zeros(model.config().dtype(), batch, model.cell(l).stateWidth());
    }
    if (st.carry != null) {
      for (int l = 0; l < carry.length; l++) {
        carry[l].copyFrom(st.carry[l]);
      }
    }
    st.carry = carry;
    int batches = data.batchCount(batch);
    while (st.epoch <= config.epochs() && !st.stopped) {
      long start = System.nanoTime();
      int[] order = shuffled(data.shuffleSize(), st.epoch);
      for (; st.batch < batches; st.batch++) {
        int steps = data.fill(order, st.batch, batch, bos, eos, inputs, targets);
        if (!data.isStream() && st.chunk == 0) {
          zero(carry); // each batch of sentences starts from a zero state
        }
        for (; st.chunk * chunk < steps; st.chunk++) {
          int from = st.chunk * chunk;
          int len = Math.min(chunk, steps - from);
          boolean useCarry = data.isStream() || st.chunk > 0;
          double loss = update(ws, inputs, targets, from * batch, len, useCarry ? carry : null);
          int count = 0;
          for (int i = from * batch; i < (from + len) * batch; i++) {
            count += targets[i] >= 0 ? 1 : 0;
          }
          if (!Double.isFinite(loss)) {
            throw new RnnException("training diverged: the loss became " + loss + " in epoch "
                + st.epoch + ", update " + (st.step + 1) + "; lower the learning rate (now "
                + optimizer.learningRate() + ") or clip the gradients (for example a clip value of 5)"
                + (checkpointFile != null ? "; the last good checkpoint is " + checkpointFile : ""));
          }
          for (int l = 0; l < carry.length; l++) {
            Regions.copy(ws.finalState(l), 0, carry[l], 0, carry[l].size());
          }
          st.epochLoss += loss;
          st.epochTokens += count;
          st.step++;
          listener.onStep(st.epoch, st.batch + 1, batches, loss, count);
          if (checkpointFile != null && checkpointEvery > 0 && st.step % checkpointEvery == 0) {
            boolean lastChunk = (st.chunk + 1) * chunk >= steps;
            saveAt(st, lastChunk ? st.batch + 1 : st.batch, lastChunk ? 0 : st.chunk + 1,
                (System.nanoTime() - start) / 1e9);
          }
        }
        st.chunk = 0;
      }
      endEpoch(st, (System.nanoTime() - start) / 1e9, listener);
    }
    return st.history;
  }

  private void endEpoch(TrainerState st, double seconds, TrainingListener listener) {
    double valLoss = validation == null ? Double.NaN : evaluate(validation);
    double lr = optimizer.learningRate();
    EpochStats stats = new EpochStats(st.epoch, st.epochLoss / Math.max(1, st.epochTokens),
        st.epochTokens, st.epochSeconds + seconds, valLoss, lr);
    st.history.add(stats);
    listener.onEpoch(stats);
    if (!Double.isNaN(valLoss)) {
      if (valLoss < st.bestValidation) {
        st.bestValidation = valLoss;
        st.badEpochs = 0;
      } else {
        st.badEpochs++;
        if (config.patience() > 0 && st.badEpochs >= config.patience()) {
          LOG.info("stopping early: the validation loss has not improved for {} epochs", st.badEpochs);
          st.stopped = true;
        }
      }
    }
    double next = schedule.next(st.epoch, lr, valLoss);
    if (next != lr) {
      LOG.info("learning rate {} -> {}", lr, next);
      optimizer.setLearningRate(next);
    }
    st.learningRate = next;
    st.epoch++;
    st.batch = 0;
    st.chunk = 0;
    st.epochLoss = 0;
    st.epochTokens = 0;
    st.epochSeconds = 0;
    zero(st.carry);
    if (checkpointFile != null) {
      save(st);
    }
  }

  private void save(TrainerState st) {
    st.learningRate = optimizer.learningRate();
    Checkpoint.write(checkpointFile, model, optimizer, schedule, st);
  }

  /** Saves with the position of the next update and the epoch's elapsed time so far. */
  private void saveAt(TrainerState st, int nextBatch, int nextChunk, double elapsed) {
    int batch = st.batch;
    int chunk = st.chunk;
    double seconds = st.epochSeconds;
    st.batch = nextBatch;
    st.chunk = nextChunk;
    st.epochSeconds = seconds + elapsed;
    save(st);
    st.batch = batch;
    st.chunk = chunk;
    st.epochSeconds = seconds;
  }

  /** One update on rows {@code [offset, offset + steps*batch)}; returns the summed loss. */
  private double update(ModelWorkspace ws, int[] inputs, int[] targets, int offset, int steps,
      Tensor[] initial) {
    model.zeroGrad();
    model.forward(ws, inputs, offset, steps, initial);
    double loss = model.loss(ws, targets, offset, null, true);
    if (!Double.isFinite(loss)) {
      return loss;
    }
    if (config.clipValue() > 0 || config.clipNorm() > 0) {
      model.backward(ws, inputs, offset);
      clip(model.parameters(), model.ops());
      optimizer.step(model.parameters());
    } else {
      // without clipping nothing else needs V's gradient: plain SGD applies it in the product
      optimizer.step(model.backwardWithOutputStep(ws, inputs, offset, optimizer));
    }
    return loss;
  }

  /**
   * @return the loss per predicted token of the model on {@code data} (no update), evaluated in
   *     batches of the training batch size, in order
   */
  public double evaluate(TrainingData data) {
    return Evaluation.lossPerToken(model, data, config.batchSize(), bos, eos);
  }

  private void clip(List<Parameter> params, TensorOps ops) {
    if (config.clipValue() > 0) {
      for (Parameter p : params) {
        ops.clip(p.grad().size(), -config.clipValue(), config.clipValue(), p.grad(), 0);
      }
    }
    if (config.clipNorm() > 0) {
      double sq = 0;
      for (Parameter p : params) {
        sq += ops.sumOfSquares(p.grad().size(), p.grad(), 0);
      }
      double norm = Math.sqrt(sq);
      if (norm > config.clipNorm()) {
        double scale = config.clipNorm() / norm;
        for (Parameter p : params) {
          ops.scale(p.grad().size(), scale, p.grad(), 0);
        }
      }
    }
  }

  private int[] shuffled(int size, int epoch) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(config.seed() * 1_000_003L + epoch);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }

  private static void zero(Tensor[] tensors) {
    for (Tensor t : tensors) {
      t.zero();
    }
  }

  /** Where a run is, and what it has accumulated: what a checkpoint stores. */
  static final class TrainerState {
    int epoch = 1;
    int batch;
    int chunk;
    long step;
    double epochLoss;
    long epochTokens;
    double epochSeconds;
    double learningRate;
    double bestValidation = Double.POSITIVE_INFINITY;
    int badEpochs;
    boolean stopped;
    Tensor[] carry;
    final List<EpochStats> history = new ArrayList<>();

    TrainerState(double learningRate) {
      this.learningRate = learningRate;
    }
  }
}

package dev.rnn4j.core.train;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.FusedLinearStep;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.ops.Regions;
import dev.rnn4j.core.optim.SgdProvider;
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
 * carried between them), optionally clips, and lets the optimizer update the weights. With {@link
 * #shards} above 1 or a {@link #gradients} engine, the forward and backward passes are those of
 * the batch's canonical shards, summed by the {@link ShardTree}; clipping, the optimizer and the
 * schedule stay here, so every engine gives the same weights. After each
 * epoch it measures the validation loss (when validation data is set), asks the learning-rate
 * schedule for the next rate, and stops early when the validation loss has not improved for
 * {@link TrainingConfig#patience()} epochs.
 *
 * <p>Checkpoints (see {@link Checkpoint}) hold everything needed to continue: weights, optimizer
 * state, learning rate, data position, carried states and counters; {@link #resume} continues a
 * run so that it ends with the same weights, bit for bit, as an uninterrupted one. The same seed,
 * data, backend and thread count give the same weights.
 *
 * <p>Divergence stops training with a {@link TrainingDivergedException} suggesting a remedy: a NaN
 * or infinite loss, or a loss per token above {@link #DIVERGED_FACTOR} times that of a uniform
 * guess ({@code ln(vocabulary size)}) for {@link #DIVERGED_UPDATES} updates in a row. With
 * checkpoints, one is written before the first update and none while the loss is that high, so
 * the checkpoint file always holds the last good weights.
 *
 * <p>Order of use: construct, optionally {@link #validation}, {@link #schedule}, {@link
 * #checkpoints}, then {@link #fit} or {@link #resume} once. Not thread-safe.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  /** Loss per token, as a multiple of the uniform guess's, above which an update counts as diverged. */
  public static final double DIVERGED_FACTOR = 2.0;
  /** Updates in a row above {@link #DIVERGED_FACTOR} times the uniform loss that stop training. */
  public static final int DIVERGED_UPDATES = 10;

  private final RnnLanguageModel model;
  private final Optimizer optimizer;
  /**
   * The trainer's decision to fuse plain SGD's step of the output weights into their backward
   * product (the backend's capability), or null: the optimizer is not plain SGD, the weights are
   * tied, or the backend does not offer it. Used only for updates without clipping.
   */
  private final FusedLinearStep fusedOutputStep;
  private final TrainingConfig config;
  private final int bos;
  private final int eos;
  private TrainingData validation;
  private LearningRateSchedule schedule = new ConstantSchedule();
  private Path checkpointFile;
  private int checkpointEvery;
  private CheckpointAttachment attachment;
  private long lastCheckpointStep = -1;
  private double overrideLearningRate;
  private int highLossStreak;
  private LossReduction reduction = LossReduction.SUM;
  private int shards = 1;
  private GradientEngine engine;
  private GradientEngine active;

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
    this.fusedOutputStep = optimizer instanceof SgdProvider.PlainSgd && model.canStepOutputInBackward()
        ? model.ops().capability(FusedLinearStep.class).orElse(null)
        : null;
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
    return checkpoints(file, everySteps, null);
  }

  /**
   * As {@link #checkpoints(Path, int)}, with state of the caller's stored in every checkpoint and
   * restored by {@link #resume}.
   *
   * @param attachment the caller's state, or null
   */
  public Trainer checkpoints(Path file, int everySteps, CheckpointAttachment attachment) {
    if (everySteps < 0) {
      throw new RnnException("the checkpoint interval must be >= 0 steps, got " + everySteps);
    }
    this.checkpointFile = file;
    this.checkpointEvery = everySteps;
    this.attachment = attachment;
    return this;
  }

  /**
   * Makes {@link #resume} continue with this learning rate instead of the checkpoint's (a rate
   * the user changed for the resumed run); 0 = keep the checkpoint's.
   */
  public Trainer resumeLearningRate(double rate) {
    this.overrideLearningRate = rate;
    return this;
  }

  /**
   * Sets how the loss of a batch is reduced before its gradient reaches clipping and the optimizer
   * (default {@link LossReduction#SUM}, the classic model; {@link LossReduction#MEAN} is PyTorch's
   * {@code nn.CrossEntropyLoss()} default). The reported losses and perplexities are the same
   * either way.
   */
  public Trainer lossReduction(LossReduction reduction) {
    this.reduction = java.util.Objects.requireNonNull(reduction, "reduction");
    return this;
  }

  /**
   * Computes every update's gradient as {@code shards} canonical shards of the batch (see {@link
   * ShardLayout}) combined by the fixed {@link ShardTree} (default 1). Any {@link GradientEngine}
   * with the same shard count gives the same weights.
   *
   * @throws RnnException unless {@code 1 <= shards <= batch}
   */
  public Trainer shards(int shards) {
    new ShardLayout(config.batchSize(), shards);
    this.shards = shards;
    return this;
  }

  /**
   * Computes every update's gradient with {@code engine} (in process, or on a cluster); the
   * trainer keeps clipping, the optimizer and the schedule. Without an engine and with one shard,
   * the trainer computes the gradient itself and may fuse plain SGD's step of V into the
   * back-propagation (no clipping); with several shards it uses a {@link LocalGradientEngine}.
   * The caller closes the engine.
   */
  public Trainer gradients(GradientEngine engine) {
    this.engine = java.util.Objects.requireNonNull(engine, "engine");
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
    TrainerState st = new TrainerState(optimizer.learningRate());
    if (checkpointFile != null) {
      st.carry = zeroCarry();
      save(st); // the last good weights exist before the first update
    }
    return run(data, st, listener);
  }

  private Tensor[] zeroCarry() {
    Tensor[] carry = new Tensor[model.config().layers()];
    for (int l = 0; l < carry.length; l++) {
      carry[l] = Tensor.zeros(model.config().dtype(), config.batchSize(), model.cell(l).stateWidth());
    }
    return carry;
  }

  /**
   * Continues a run from a checkpoint written by this trainer's configuration: restores the
   * weights, optimizer state and position, then trains to the end.
   */
  public List<EpochStats> resume(Path checkpoint, TrainingData data, TrainingListener listener) {
    return resume(Checkpoint.open(checkpoint), data, listener);
  }

  /**
   * As {@link #resume(Path, TrainingData, TrainingListener)}, from a checkpoint already opened
   * (to look at its position first); see {@link #resumeLearningRate}.
   */
  public List<EpochStats> resume(Checkpoint.Opened checkpoint, TrainingData data,
      TrainingListener listener) {
    TrainerState state = Checkpoint.read(checkpoint, model, optimizer, schedule);
    checkPosition(checkpoint.file(), state, data);
    if (attachment != null) {
      attachment.restore(checkpoint.metadata());
    }
    if (overrideLearningRate > 0) {
      state.learningRate = overrideLearningRate;
    }
    optimizer.setLearningRate(state.learningRate);
    state.stopped = config.patience() > 0 && state.badEpochs >= config.patience();
    lastCheckpointStep = state.step;
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
    this.active = engine != null ? engine : shards > 1 ? new LocalGradientEngine() : null;
    if (active instanceof DataLocalGradientEngine local) {
      local.place(data, batch, bos, eos);
    } else if (data.isShapeOnly()) {
      throw new IllegalStateException("shape-only data needs a DataLocalGradientEngine that holds the ids");
    }
    boolean sharded = active != null;
    ModelWorkspace ws = sharded ? null : model.newTrainingWorkspace(chunk, batch);
    int[] inputs = new int[maxSteps * batch];
    int[] targets = new int[maxSteps * batch];
    Tensor[] carry = zeroCarry();
    if (st.carry != null) {
      for (int l = 0; l < carry.length; l++) {
        carry[l].copyFrom(st.carry[l]);
      }
    }
    st.carry = carry;
    int batches = data.batchCount(batch);
    while (st.epoch <= config.epochs() && !st.stopped) {
      long start = System.nanoTime();
      int[] order = epochOrder(config.seed(), st.epoch, data.shuffleSize());
      for (; st.batch < batches; st.batch++) {
        int steps = data.fill(order, st.batch, batch, bos, eos, inputs, targets);
        if (!data.isStream() && st.chunk == 0) {
          zero(carry); // each batch of sentences starts from a zero state
        }
        for (; st.chunk * chunk < steps; st.chunk++) {
          int from = st.chunk * chunk;
          int len = Math.min(chunk, steps - from);
          boolean useCarry = data.isStream() || st.chunk > 0;
          if (!sharded && ws.dropout() != null) {
            ws.dropout().draw(dropoutRandom(config.seed(), st.step), len);
          }
          int count = 0;
          for (int i = from * batch; i < (from + len) * batch; i++) {
            count += targets[i] >= 0 ? 1 : 0;
          }
          double loss;
          if (sharded) {
            loss = shardedUpdate(inputs, targets, from * batch, len, useCarry, carry, count,
                st.step, active instanceof DataLocalGradientEngine
                    ? position(data, order, st.batch, from, len) : null);
          } else {
            loss = update(ws, inputs, targets, from * batch, len, useCarry ? carry : null, count);
            for (int l = 0; l < carry.length; l++) {
              Regions.copy(ws.finalState(l), 0, carry[l], 0, carry[l].size());
            }
          }
          checkDivergence(st, loss, count);
          st.epochLoss += loss;
          st.epochTokens += count;
          st.step++;
          listener.onStep(st.epoch, st.batch + 1, batches, loss, count);
          if (checkpointFile != null && checkpointEvery > 0 && st.step % checkpointEvery == 0
              && highLossStreak == 0) {
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
    if (checkpointFile != null && highLossStreak == 0) {
      save(st);
    }
  }

  /**
   * Stops training on a non-finite loss, or a loss per token above {@link #DIVERGED_FACTOR} times
   * the uniform guess's for {@link #DIVERGED_UPDATES} updates in a row.
   */
  private void checkDivergence(TrainerState st, double loss, int tokens) {
    double uniform = Math.log(model.config().vocabSize());
    boolean high = !Double.isFinite(loss) || tokens > 0 && loss / tokens > DIVERGED_FACTOR * uniform;
    highLossStreak = high ? highLossStreak + 1 : 0;
    if (Double.isFinite(loss) && highLossStreak < DIVERGED_UPDATES) {
      return;
    }
    String what = !Double.isFinite(loss) ? "the loss became " + loss
        : String.format(java.util.Locale.ROOT, "the loss per token stayed above %.2f (a uniform "
            + "guess gives %.2f) for %d updates", DIVERGED_FACTOR * uniform, uniform, highLossStreak);
    throw new TrainingDivergedException("training diverged: " + what + " in epoch " + st.epoch
        + ", update " + (st.step + 1) + "; lower the learning rate (now " + optimizer.learningRate()
        + ") or clip the gradient norm (clip_norm, for example 1)"
        + (lastCheckpointStep >= 0 ? "; the last good weights are in " + checkpointFile
            + " (update " + lastCheckpointStep + ")" : ""), lastCheckpointStep);
  }

  private void save(TrainerState st) {
    st.learningRate = optimizer.learningRate();
    Checkpoint.write(checkpointFile, model, optimizer, schedule, st,
        attachment == null ? java.util.Map.of() : attachment.save());
    lastCheckpointStep = st.step;
    if (attachment != null) {
      attachment.written(checkpointFile);
    }
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

  /**
   * One update on rows {@code [offset, offset + steps*batch)} holding {@code tokens} targets;
   * returns the summed loss.
   */
  private double update(ModelWorkspace ws, int[] inputs, int[] targets, int offset, int steps,
      Tensor[] initial, int tokens) {
    model.zeroGrad();
    model.forward(ws, inputs, offset, steps, initial);
    double loss = model.loss(ws, targets, offset, null, true);
    if (!Double.isFinite(loss)) {
      return loss;
    }
    if (reduction == LossReduction.MEAN && tokens > 0) {
      model.scaleLossGradient(ws, 1.0 / tokens);
    }
    if (config.clipValue() > 0 || config.clipNorm() > 0) {
      model.backward(ws, inputs, offset);
      GradientClipping.apply(config, model.parameters(), model.ops());
      optimizer.step(model.parameters());
    } else if (fusedOutputStep != null) {
      // without clipping nothing else needs the gradients of V and of the recurrent weights:
      // plain SGD applies them in the products that compute them
      optimizer.step(model.backwardStepping(ws, inputs, offset, fusedOutputStep,
          -optimizer.learningRate()));
    } else {
      model.backward(ws, inputs, offset);
      optimizer.step(model.parameters());
    }
    return loss;
  }

  /**
   * One update of rows {@code [offset, offset + steps*batch)} through the {@link GradientEngine}:
   * the shard sums' gradient is installed in the model, clipped and stepped; the final states go
   * into {@code carry} (read first as the initial states when {@code useCarry}). Returns the
   * summed loss.
   */
  private double shardedUpdate(int[] inputs, int[] targets, int offset, int steps,
      boolean useCarry, Tensor[] carry, int tokens, long step, BatchPosition at) {
    int batch = config.batchSize();
    int end = offset + steps * batch;
    double scale = reduction == LossReduction.MEAN && tokens > 0 ? 1.0 / tokens : 1;
    ShardBatch request = new ShardBatch(steps, java.util.Arrays.copyOfRange(inputs, offset, end),
        java.util.Arrays.copyOfRange(targets, offset, end), new ShardLayout(batch, shards), scale,
        useCarry ? carry : null, config.seed(), step);
    ShardSum sum = active instanceof DataLocalGradientEngine local
        ? local.compute(model, request, at) : active.compute(model, request);
    for (int l = 0; l < carry.length; l++) {
      carry[l].copyFrom(sum.states()[l]);
    }
    if (!Double.isFinite(sum.loss())) {
      return sum.loss();
    }
    List<Parameter> params = model.parameters();
    sum.installGradients(params);
    if (config.clipValue() > 0 || config.clipNorm() > 0) {
      GradientClipping.apply(config, params, model.ops());
    }
    optimizer.step(params);
    return sum.loss();
  }

  /** @return where the rows {@code [from, from + steps)} of batch {@code index} come from */
  private BatchPosition position(TrainingData data, int[] order, int index, int from, int steps) {
    int batch = config.batchSize();
    int[] columns = new int[batch];
    for (int b = 0; b < batch; b++) {
      int i = index * batch + b;
      columns[b] = data.isStream() ? b : i < order.length ? order[i] : -1;
    }
    return new BatchPosition(data.isStream(), index, data.window(), columns, from, steps);
  }

  /**
   * @return the loss per predicted token of the model on {@code data} (no update), evaluated in
   *     batches of the training batch size, in order
   */
  public double evaluate(TrainingData data) {
    return Evaluation.lossPerToken(model, data, config.batchSize(), bos, eos);
  }

  /**
   * The order in which epoch {@code epoch} reads {@code size} sentences: a Fisher-Yates shuffle
   * (from the end) driven by {@code SplittableRandom(seed * 1000003 + epoch)}, which
   * {@code scripts/gen-trajectory-fixtures.py} reproduces.
   */
  static int[] epochOrder(long seed, int epoch, int size) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }

  /**
   * The source of the dropout masks of update {@code step} (counting from 0 over the whole run): a
   * function of the seed and the update number only, both in every checkpoint, so a resumed run
   * draws the same masks as an uninterrupted one.
   */
  static SplittableRandom dropoutRandom(long seed, long step) {
    return new SplittableRandom((seed ^ 0x5DEECE66DL) * 0x9E3779B97F4A7C15L + step);
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

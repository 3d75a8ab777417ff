package dev.rnn4j.core.run;

import dev.rnn4j.core.train.EpochStats;
import dev.rnn4j.core.train.TrainingListener;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Writes a run's {@link MetricsLog} while it trains: a step row for every {@code stepEvery}-th
 * update and for the last update of each epoch (its loss is the mean per token over the updates
 * since the previous step row, its speed theirs too), and one summary row per epoch. The summary
 * row is held back until {@link #onValidation} for that epoch arrives, the next epoch starts, or
 * {@link #close}, so that it carries the validation loss when there is one.
 *
 * <p>Order of calls: as the console progress: {@link #onStep}/{@link #onEpoch} from the
 * {@code Trainer}, {@link #onValidation} after an epoch (epoch 0 = before training), then
 * {@link #close}, which also closes the log. One thread; not thread-safe.
 */
public final class MetricsRecorder implements TrainingListener, AutoCloseable {
  /** Step rows per epoch aimed at when {@code stepEvery} is 0. */
  public static final int DEFAULT_STEP_ROWS_PER_EPOCH = 100;

  private final MetricsLog log;
  private final int stepEvery;
  private final DoubleSupplier learningRate;
  private final LongSupplier clock;
  private long startNanos;

  private long tokens;
  private double windowLoss;
  private long windowTokens;
  private long windowStartNanos;
  private MetricsLog.Row pending;

  /**
   * @param log where rows go; closed by {@link #close}
   * @param stepEvery write a step row every this many updates; 0 = about
   *     {@value #DEFAULT_STEP_ROWS_PER_EPOCH} per epoch
   * @param learningRate the current learning rate (NaN when unknown), read once per row
   * @param clock nanoseconds ({@link System#nanoTime} outside tests); the run starts now
   */
  public MetricsRecorder(MetricsLog log, int stepEvery, DoubleSupplier learningRate, LongSupplier clock) {
    if (stepEvery < 0) {
      throw new IllegalArgumentException("stepEvery must be >= 0, got " + stepEvery);
    }
    this.log = Objects.requireNonNull(log, "log");
    this.stepEvery = stepEvery;
    this.learningRate = Objects.requireNonNull(learningRate, "learningRate");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.startNanos = clock.getAsLong();
    this.windowStartNanos = startNanos;
  }

  @Override
  public void onStep(int epoch, int step, int stepsPerEpoch, double loss, int tokens) {
    if (pending != null) {
      flushPending();
    }
    this.tokens += tokens;
    windowLoss += loss;
    windowTokens += tokens;
    int every = stepEvery > 0 ? stepEvery : Math.max(1, stepsPerEpoch / DEFAULT_STEP_ROWS_PER_EPOCH);
    if (step % every != 0 && step != stepsPerEpoch) {
      return;
    }
    long now = clock.getAsLong();
    double mean = windowTokens > 0 ? windowLoss / windowTokens : Double.NaN;
    double seconds = (now - windowStartNanos) / 1e9;
    log.append(new MetricsLog.Row(epoch, step, this.tokens, mean, Math.exp(mean), Double.NaN, Double.NaN,
        learningRate.getAsDouble(), seconds > 0 ? windowTokens / seconds : Double.NaN, elapsed(now)));
    windowLoss = 0;
    windowTokens = 0;
    windowStartNanos = now;
  }

  @Override
  public void onEpoch(EpochStats s) {
    if (pending != null) {
      flushPending();
    }
    pending = new MetricsLog.Row(s.epoch(), MetricsLog.Row.UNKNOWN, tokens, s.meanLoss(), s.perplexity(),
        Double.NaN, Double.NaN, learningRate.getAsDouble(), s.tokensPerSecond(), elapsed(clock.getAsLong()));
    windowStartNanos = clock.getAsLong();
  }

  /**
   * Adds a validation loss to the epoch's summary row (or writes a row of its own when that
   * epoch has no pending summary, as for epoch 0).
   *
   * @param epoch the epoch after which it was measured (0 = before training)
   * @param loss mean cross-entropy per token of the validation set, in nats
   */
  public void onValidation(int epoch, double loss) {
    MetricsLog.Row p = pending;
    if (p != null && p.epoch() == epoch) {
      pending = null;
      log.append(new MetricsLog.Row(p.epoch(), p.step(), p.tokens(), p.trainLoss(), p.trainPerplexity(),
          loss, Math.exp(loss), p.learningRate(), p.tokensPerSecond(), p.elapsedSeconds()));
      windowStartNanos = clock.getAsLong();
      return;
    }
    if (p != null) {
      flushPending();
    }
    log.append(new MetricsLog.Row(epoch, MetricsLog.Row.UNKNOWN, tokens, Double.NaN, Double.NaN, loss,
        Math.exp(loss), learningRate.getAsDouble(), Double.NaN, elapsed(clock.getAsLong())));
    windowStartNanos = clock.getAsLong();
  }

  /**
   * @return what a checkpoint needs to continue this file exactly after a resume: the file's
   *     length, the token count, the open window of the next step row and the elapsed time (call
   *     between epochs' summary rows and steps, when no summary row is held back)
   */
  public java.util.Map<String, String> state() {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("metrics_bytes", Long.toString(log.size()));
    m.put("metrics_tokens", Long.toString(tokens));
    m.put("metrics_window_loss", Double.toString(windowLoss));
    m.put("metrics_window_tokens", Long.toString(windowTokens));
    m.put("metrics_elapsed_s", Double.toString(elapsed(clock.getAsLong())));
    return m;
  }

  /**
   * Continues from a {@link #state()} (the log must already be cut to its {@code metrics_bytes});
   * entries that are absent leave the fresh state.
   */
  public void restore(java.util.Map<String, String> state) {
    if (!state.containsKey("metrics_tokens")) {
      return;
    }
    tokens = Long.parseLong(state.get("metrics_tokens"));
    windowLoss = Double.parseDouble(state.get("metrics_window_loss"));
    windowTokens = Long.parseLong(state.get("metrics_window_tokens"));
    long now = clock.getAsLong();
    startNanos = now - (long) (Double.parseDouble(state.get("metrics_elapsed_s")) * 1e9);
    windowStartNanos = now;
  }

  private void flushPending() {
    log.append(pending);
    pending = null;
  }

  private double elapsed(long now) {
    return (now - startNanos) / 1e9;
  }

  /** Writes a held-back summary row and closes the log. */
  @Override
  public void close() {
    try {
      if (pending != null) {
        flushPending();
      }
    } finally {
      log.close();
    }
  }
}

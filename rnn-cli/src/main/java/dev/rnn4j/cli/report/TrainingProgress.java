package dev.rnn4j.cli.report;

import dev.rnn4j.core.train.EpochStats;
import dev.rnn4j.core.train.TrainingListener;
import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Shows training progress on the command line.
 *
 * <ul>
 *   <li>On a terminal: one status line redrawn in place with {@code \r} at most
 *       {@link #TERMINAL_REDRAWS_PER_SECOND} times a second: epoch, step/steps, percent, tokens per
 *       second, the loss per token since the previous redraw and its exponentially smoothed value,
 *       the validation perplexity once known, the estimated time left. When an epoch ends the
 *       status line is replaced by the epoch's summary line.
 *   <li>Elsewhere (a file, a pipe, CI): a plain progress line every {@code logInterval} (default
 *       10 s) and one summary line per epoch.
 *   <li>{@link Verbosity#QUIET} prints nothing; {@link Verbosity#VERBOSE} adds, on a terminal, a
 *       permanent progress line every {@code logInterval}, and to every epoch line the tokens,
 *       the seconds and the total time.
 * </ul>
 *
 * <p>Cost per step: a few additions and one clock read; text is only formatted when it is shown.
 *
 * <p>Order of calls: {@link #onStep} and {@link #onEpoch} as the {@code Trainer} makes them;
 * {@link #onValidation} after an epoch (or before training, with epoch 0) when a validation loss
 * is known; {@link #close} once at the end, also after a failure, to end a status line left on
 * the terminal. All calls on one thread (the training thread); not thread-safe.
 */
public final class TrainingProgress implements TrainingListener, AutoCloseable {
  /** The most status-line redraws per second on a terminal. */
  public static final int TERMINAL_REDRAWS_PER_SECOND = 10;
  /** The default interval between plain progress lines. */
  public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofSeconds(10);
  /** Weight of the newest step in the smoothed loss. */
  static final double SMOOTHING = 0.02;
  private static final int STATUS_FIELDS = 8;
  /** Status fields by index, least important first: bar, ema, val ppl, speed, loss, ETA. */
  private static final int[] DROP_ORDER = {1, 5, 6, 3, 4, 7};

  /** How much is printed. */
  public enum Verbosity {
    /** Nothing (errors are reported by the caller). */
    QUIET,
    /** Progress and one line per epoch. */
    NORMAL,
    /** As {@link #NORMAL}, plus progress lines kept on a terminal and details on epoch lines. */
    VERBOSE
  }

  private final PrintWriter out;
  private final int epochs;
  private final Verbosity verbosity;
  private final boolean terminal;
  private final long intervalNanos;
  private final int width;
  private final LongSupplier clock;
  private final long startNanos;

  private long nextDrawNanos;
  private long nextLogNanos;
  private long firstStepNanos = -1;
  private long firstGlobalStep;
  private long epochStartNanos;
  /** When the last epoch or validation ended: the next epoch starts then. */
  private long idleSinceNanos;
  private int currentEpoch;
  private int step;
  private int stepsPerEpoch;
  private long epochTokens;
  private double windowLoss;
  private long windowTokens;
  private double smoothed = Double.NaN;
  private long smoothedSteps;
  private double validationPerplexity = Double.NaN;
  private double bestValidationLoss = Double.POSITIVE_INFINITY;
  private int statusLength;
  private final StringBuilder line = new StringBuilder(160);

  private TrainingProgress(Builder b) {
    this.out = b.out;
    this.epochs = b.epochs;
    this.verbosity = b.verbosity;
    this.terminal = b.terminal;
    this.intervalNanos = b.logInterval.toNanos();
    this.width = b.width;
    this.clock = b.clock;
    this.startNanos = clock.getAsLong();
    this.epochStartNanos = startNanos;
    this.idleSinceNanos = startNanos;
    this.nextLogNanos = startNanos + intervalNanos;
    this.nextDrawNanos = startNanos;
  }

  /**
   * A builder writing to {@code out} (the command line passes picocli's {@code getOut()}).
   * Defaults: epochs unknown, {@link Verbosity#NORMAL}, terminal as {@link #isInteractiveTerminal()}
   * says, log interval {@link #DEFAULT_LOG_INTERVAL}, width from {@code COLUMNS} or 100.
   */
  public static Builder builder(PrintWriter out) {
    return new Builder(out);
  }

  /**
   * Whether standard output is an interactive terminal that understands {@code \r}: a console
   * is attached (and, on Java 22 and later, {@code Console.isTerminal()} agrees) and {@code TERM}
   * is not {@code dumb}.
   */
  public static boolean isInteractiveTerminal() {
    Console console = System.console();
    if (console == null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // before Java 22 a non-null console means a terminal
    }
  }

  /** Configures a {@link TrainingProgress}; {@link #build} may be called more than once. */
  public static final class Builder {
    private final PrintWriter out;
    private int epochs;
    private Verbosity verbosity = Verbosity.NORMAL;
    private Boolean terminalChoice;
    private boolean terminal;
    private Duration logInterval = DEFAULT_LOG_INTERVAL;
    private int width = defaultWidth();
    private LongSupplier clock = System::nanoTime;

    private Builder(PrintWriter out) {
      this.out = Objects.requireNonNull(out, "out");
    }

    /** Total epochs, for "epoch 3/10" and the time left; 0 = unknown (the default). */
    public Builder epochs(int epochs) {
      if (epochs < 0) {
        throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /** How much to print. */
    public Builder verbosity(Verbosity verbosity) {
      this.verbosity = Objects.requireNonNull(verbosity, "verbosity");
      return this;
    }

    /** Redraw a status line ({@code true}) or print plain lines; default: detected. */
    public Builder terminal(boolean terminal) {
      this.terminalChoice = terminal;
      return this;
    }

    /** Time between plain progress lines (at least 1 ms). */
    public Builder logInterval(Duration interval) {
      if (interval.toMillis() < 1) {
        throw new IllegalArgumentException("the log interval must be at least 1 ms, got " + interval);
      }
      this.logInterval = interval;
      return this;
    }

    /** The terminal's width in characters (at least 40); the status line never exceeds it. */
    public Builder width(int columns) {
      if (columns < 40) {
        throw new IllegalArgumentException("width must be at least 40 columns, got " + columns);
      }
      this.width = columns;
      return this;
    }

    /** The time source in nanoseconds (tests pass a fake one); default {@link System#nanoTime}. */
    public Builder clock(LongSupplier nanos) {
      this.clock = Objects.requireNonNull(nanos, "clock");
      return this;
    }

    /** @return a new progress listener; the clock starts now */
    public TrainingProgress build() {
      terminal = terminalChoice != null ? terminalChoice : isInteractiveTerminal();
      return new TrainingProgress(this);
    }

    private static int defaultWidth() {
      try {
        int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").strip());
        return Math.max(40, columns);
      } catch (NumberFormatException e) {
        return 100;
      }
    }
  }

  @Override
  public void onStep(int epoch, int step, int stepsPerEpoch, double loss, int tokens) {
    long now = clock.getAsLong();
    if (epoch != currentEpoch) {
      startEpoch(epoch);
    }
    this.step = step;
    this.stepsPerEpoch = stepsPerEpoch;
    epochTokens += tokens;
    windowLoss += loss;
    windowTokens += tokens;
    if (tokens > 0) {
      double perToken = loss / tokens;
      smoothed = smoothedSteps == 0 ? perToken : smoothed + SMOOTHING * (perToken - smoothed);
      smoothedSteps++;
    }
    if (firstStepNanos < 0) {
      firstStepNanos = now;
      firstGlobalStep = globalStep();
    }
    if (verbosity == Verbosity.QUIET) {
      return;
    }
    if (terminal && now >= nextDrawNanos) {
      nextDrawNanos = now + 1_000_000_000L / TERMINAL_REDRAWS_PER_SECOND;
      if (verbosity == Verbosity.VERBOSE && now >= nextLogNanos) {
        nextLogNanos = now + intervalNanos;
        clearStatus();
        printLine(progressLine(now));
      }
      drawStatus(now);
      resetWindow();
    } else if (!terminal && now >= nextLogNanos) {
      nextLogNanos = now + intervalNanos;
      printLine(progressLine(now));
      resetWindow();
    }
  }

  private void resetWindow() {
    windowLoss = 0;
    windowTokens = 0;
  }

  private void startEpoch(int epoch) {
    currentEpoch = epoch;
    epochStartNanos = idleSinceNanos;
    epochTokens = 0;
  }

  private long globalStep() {
    return (long) Math.max(0, currentEpoch - 1) * stepsPerEpoch + step;
  }

  @Override
  public void onEpoch(EpochStats s) {
    if (verbosity == Verbosity.QUIET) {
      return;
    }
    idleSinceNanos = clock.getAsLong();
    clearStatus();
    line.setLength(0);
    line.append(String.format(Locale.ROOT, "epoch %3d/%s  loss/token %.4f  perplexity %8.2f  %,.0f tokens/s",
        s.epoch(), total(), s.meanLoss(), s.perplexity(), s.tokensPerSecond()));
    if (verbosity == Verbosity.VERBOSE) {
      line.append(String.format(Locale.ROOT, "  %,d tokens in %.1f s  elapsed %s", s.tokens(), s.seconds(),
          clockTime((clock.getAsLong() - startNanos) / 1e9)));
    }
    printLine(line.toString());
    resetWindow();
  }

  /**
   * Records a validation loss and prints it (unless quiet); later status lines show its
   * perplexity.
   *
   * @param epoch the epoch after which it was measured (0 = before training)
   * @param loss mean cross-entropy per token of the validation set, in nats (NaN = unknown)
   */
  public void onValidation(int epoch, double loss) {
    if (Double.isNaN(loss)) {
      return;
    }
    validationPerplexity = Math.exp(loss);
    boolean best = loss < bestValidationLoss;
    bestValidationLoss = Math.min(bestValidationLoss, loss);
    if (verbosity == Verbosity.QUIET) {
      return;
    }
    clearStatus();
    printLine(String.format(Locale.ROOT, "epoch %3d/%s  validation loss/token %.4f  perplexity %8.2f%s",
        epoch, total(), loss, validationPerplexity, best && epoch > 0 ? "  (best so far)" : ""));
    idleSinceNanos = clock.getAsLong();
  }

  /** Ends a status line left on the terminal; prints nothing otherwise. Idempotent. */
  @Override
  public void close() {
    if (statusLength > 0) {
      out.print('\n');
      out.flush();
      statusLength = 0;
    }
  }

  private String total() {
    return epochs > 0 ? Integer.toString(epochs) : "?";
  }

  /** The plain progress line. */
  String progressLine(long now) {
    StringBuilder b = new StringBuilder(160);
    b.append(String.format(Locale.ROOT, "epoch %3d/%s  step %d/%d (%.1f%%)  loss/token %.4f (smoothed %.4f)",
        currentEpoch, total(), step, stepsPerEpoch, percent(), windowMean(), smoothed));
    b.append(String.format(Locale.ROOT, "  %,.0f tokens/s", tokensPerSecond(now)));
    if (!Double.isNaN(validationPerplexity)) {
      b.append(String.format(Locale.ROOT, "  validation perplexity %.2f", validationPerplexity));
    }
    String eta = eta(now);
    if (!eta.isEmpty()) {
      b.append("  ETA ").append(eta);
    }
    return b.toString();
  }

  /**
   * The terminal status line. Fields are dropped, least important first (bar, smoothed loss,
   * validation perplexity, speed, loss), until the line fits the width.
   */
  String statusLine(long now) {
    String[] fields = new String[STATUS_FIELDS];
    fields[0] = String.format(Locale.ROOT, "epoch %d/%s", currentEpoch, total());
    int bar = 20;
    int filled = stepsPerEpoch > 0 ? (int) ((long) bar * step / stepsPerEpoch) : 0;
    fields[1] = "[" + "#".repeat(filled) + ".".repeat(bar - filled) + "]";
    fields[2] = String.format(Locale.ROOT, "%d/%d %.1f%%", step, stepsPerEpoch, percent());
    fields[3] = compact(tokensPerSecond(now)) + " tok/s";
    fields[4] = String.format(Locale.ROOT, "loss %.3f", windowMean());
    fields[5] = String.format(Locale.ROOT, "ema %.3f", smoothed);
    fields[6] = Double.isNaN(validationPerplexity) ? null : "val ppl " + compact(validationPerplexity);
    String eta = eta(now);
    fields[7] = eta.isEmpty() ? null : "ETA " + eta;
    int length = -2;
    for (String f : fields) {
      length += f == null ? 0 : f.length() + 2;
    }
    for (int drop : DROP_ORDER) {
      if (length < width) {
        break;
      }
      if (fields[drop] != null) {
        length -= fields[drop].length() + 2;
        fields[drop] = null;
      }
    }
    StringBuilder b = new StringBuilder(width);
    for (String f : fields) {
      if (f != null) {
        b.append(b.length() == 0 ? "" : "  ").append(f);
      }
    }
    return b.length() < width ? b.toString() : b.substring(0, width - 1);
  }

  private void drawStatus(long now) {
    String s = statusLine(now);
    line.setLength(0);
    line.append('\r').append(s);
    for (int i = s.length(); i < statusLength; i++) {
      line.append(' ');
    }
    out.print(line);
    out.flush();
    statusLength = s.length();
  }

  private void clearStatus() {
    if (statusLength > 0) {
      out.print('\r' + " ".repeat(statusLength) + '\r');
      statusLength = 0;
    }
  }

  private void printLine(String s) {
    out.println(s);
    out.flush();
  }

  private double percent() {
    return stepsPerEpoch > 0 ? 100.0 * step / stepsPerEpoch : 0;
  }

  private double windowMean() {
    return windowTokens > 0 ? windowLoss / windowTokens : Double.NaN;
  }

  private double tokensPerSecond(long now) {
    double seconds = (now - epochStartNanos) / 1e9;
    return seconds > 0 ? epochTokens / seconds : 0;
  }

  /** Time left: the steps still to do at the rate since the first step; empty when unknown. */
  private String eta(long now) {
    long done = globalStep() - firstGlobalStep;
    double seconds = (now - firstStepNanos) / 1e9;
    if (done <= 0 || seconds <= 0 || stepsPerEpoch <= 0) {
      return "";
    }
    long left = stepsPerEpoch - step;
    if (epochs > 0) {
      left += (long) Math.max(0, epochs - currentEpoch) * stepsPerEpoch;
    }
    return clockTime(left * seconds / done);
  }

  /** {@code m:ss} or {@code h:mm:ss}. */
  static String clockTime(double seconds) {
    long s = Math.round(Math.max(0, seconds));
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** {@code 950}, {@code 12.3k}, {@code 4.5M}. */
  static String compact(double v) {
    if (!Double.isFinite(v)) {
      return String.valueOf(v);
    }
    double a = Math.abs(v);
    if (a >= 1e9) {
      return String.format(Locale.ROOT, "%.1fG", v / 1e9);
    }
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", v / 1e6);
    }
    if (a >= 1e4) {
      return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    }
    return a >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}

package dev.rnn4j.ops.simd;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.ops.ArgmaxProducts;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.ops.scalar.PanelMatrix;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link PackedMatrix} of {@link ArgmaxProducts#packForArgmax} in the {@code simd} backend: the
 * exact packed copy ({@link PanelMatrix}, what every product reads) and, for a float32 matrix, the
 * {@link FloatArgmaxScreen} made from it. With the {@code at-once} policy the first argmax makes
 * it. With {@code background} (the default) the plain path answers the first {@link
 * #PLAIN_PICKS_FIRST} picks; then a background thread compiles the screen's kernels on a small
 * matrix and makes the copy, and the picks themselves time it against the plain path on their
 * own inputs ({@link #timed}): {@link #TRIAL_PAIRS} picks run both paths, and the copy is taken
 * if its median time is at most {@link #TAKE_RATIO} of the plain one; else the trial is repeated
 * half a second later, at most {@link #TRIALS} times, and then the copy is dropped. Cold, the
 * screen's vector kernels run up to 100 times slower, and a short generation would lose more than
 * it gains; timed on another thread while the picks run, both paths would share the memory
 * bandwidth they are bound by. Safe to share between threads that only multiply with it.
 */
final class ScreenedPanels implements PackedMatrix {
  private final PanelMatrix exact;
  private volatile FloatArgmaxScreen screen;
  /** The copy made in the background, timed by the picks before it is taken or dropped. */
  private volatile FloatArgmaxScreen candidate;
  private final AtomicInteger plainPicks = new AtomicInteger();
  /**
   * Set when the copy does not fit the heap or was not faster: the plain path from then on.
   */
  private volatile boolean givenUp;
  /** {@link System#nanoTime} from which the picks time the candidate again. */
  private volatile long nextTrialNanos;
  /** Guarded by {@code this}: the pairs of times of the current trial, and the trials so far. */
  private final long[] trialScreened = new long[TRIAL_PAIRS];
  private final long[] trialPlain = new long[TRIAL_PAIRS];
  private int trialPairs;
  private int trials;
  /**
   * In the background policy, the picks the plain path makes before the copy is started: a short
   * generation (a command-line run of a few hundred tokens) never pays for compiling the screen's
   * kernels, which would also delay the JIT's work on the plain path it runs on.
   */
  static final int PLAIN_PICKS_FIRST = 2048;
  private static final System.Logger LOG = System.getLogger(ScreenedPanels.class.getName());
  /** The picks of one trial, each running the screen and the plain path. */
  static final int TRIAL_PAIRS = 9;
  /** The largest ratio of the median screened time to the median plain one that takes the copy. */
  static final double TAKE_RATIO = 0.8;
  /** The trials before the copy is dropped (the JIT may still be compiling at the first ones). */
  static final int TRIALS = 10;
  private static final long TRIAL_INTERVAL_NANOS = 500_000_000L;

  /**
   * One daemon thread for all background copies: a short run ends without waiting for it, and it
   * takes at most one core from the work it overlaps.
   */
  private static final Executor BACKGROUND = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "rnn4j-simd-argmax-screen");
    t.setDaemon(true);
    return t;
  });

  ScreenedPanels(PanelMatrix exact) {
    this.exact = exact;
  }

  /** @return the exact packed copy */
  PanelMatrix exact() {
    return exact;
  }

  /**
   * @param kernels the float kernels that split the work over threads as the exact product does
   * @param policy {@code at-once}: made now on the first call; {@code background}: made and
   *     compiled on the background thread, then timed by the picks ({@link #onTrial}), null until
   *     taken; {@code off}: never
   * @return the compact copy for argmax, or null when the caller should take the plain path
   */
  FloatArgmaxScreen screen(FloatSimdKernels kernels, String policy) {
    FloatArgmaxScreen s = screen;
    if (s != null || givenUp || policy.equals(SimdTensorOpsProvider.SCREEN_OFF)) {
      return s;
    }
    if (policy.equals(SimdTensorOpsProvider.SCREEN_BACKGROUND)) {
      if (plainPicks.incrementAndGet() == PLAIN_PICKS_FIRST) {
        BACKGROUND.execute(() -> {
          ScreenWarmUp.compileKernels(kernels);
          FloatArgmaxScreen made = make(kernels);
          nextTrialNanos = System.nanoTime(); // the next pick times it (nanoTime has no zero)
          candidate = made;
        });
      }
      return null;
    }
    synchronized (this) {
      if (screen == null && !givenUp) {
        screen = make(kernels);
      }
      return screen;
    }
  }

  /**
   * @return the copy made in the background when the caller's pick should time it against the
   *     plain path (both give the same index) and report with {@link #timed}, else null
   */
  FloatArgmaxScreen onTrial() {
    FloatArgmaxScreen c = candidate;
    return c != null && System.nanoTime() - nextTrialNanos >= 0 ? c : null;
  }

  /**
   * Records one pick of a trial: the copy is taken when the median of {@link #TRIAL_PAIRS}
   * screened times is at most {@link #TAKE_RATIO} of the median plain time, else timed again
   * half a second later, and dropped after {@link #TRIALS} trials.
   *
   * @param screenedNanos the time of {@link FloatArgmaxScreen#argmax} on the pick's inputs
   * @param plainNanos the time of the plain path on the same inputs
   */
  synchronized void timed(long screenedNanos, long plainNanos) {
    if (candidate == null) {
      return; // a pick of another thread decided the trial
    }
    trialScreened[trialPairs] = screenedNanos;
    trialPlain[trialPairs] = plainNanos;
    if (++trialPairs < TRIAL_PAIRS) {
      return;
    }
    trialPairs = 0;
    trials++;
    long screened = median(trialScreened);
    long plain = median(trialPlain);
    if (screened <= TAKE_RATIO * plain) {
      screen = candidate;
      candidate = null;
      LOG.log(System.Logger.Level.DEBUG, "argmax of a {0} x {1} matrix reads its bfloat16 copy "
          + "from now on: {2} us a pick against {3} us (trial {4})", rows(), cols(),
          screened / 1000, plain / 1000, trials);
    } else if (trials >= TRIALS) {
      givenUp = true;
      candidate = null; // its arrays are garbage: the plain path needs none of them
      LOG.log(System.Logger.Level.DEBUG, "argmax of a {0} x {1} matrix keeps the full product: "
          + "its bfloat16 copy took {2} us a pick against {3} us in the last of {4} trials",
          rows(), cols(), screened / 1000, plain / 1000, trials);
    } else {
      nextTrialNanos = System.nanoTime() + TRIAL_INTERVAL_NANOS;
    }
  }

  private static long median(long[] times) {
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /**
   * @return the copy, or null (and the plain path for good) when it does not fit the heap with
   *     room to spare or its allocation fails: it is optional, the run's own memory is not
   */
  private FloatArgmaxScreen make(FloatSimdKernels kernels) {
    try {
      if (FloatArgmaxScreen.fitsInHeap(exact.rows(), exact.cols())) {
        return FloatArgmaxScreen.of(exact, kernels);
      }
    } catch (OutOfMemoryError e) {
      // the arrays allocated so far are garbage again; the plain path needs none of them
    }
    givenUp = true;
    return null;
  }

  /**
   * Blocks until the background copy is made, taken or dropped (tests); false on timeout.
   */
  boolean awaitCandidate(long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    while (candidate == null && screen == null && !givenUp && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    return candidate != null || screen != null || givenUp;
  }

  /** @return whether the copy is taken: every pick reads it from now on (tests) */
  boolean screening() {
    return screen != null;
  }

  /** @return whether the copy was dropped or not made: the plain path for good (tests) */
  boolean plainForGood() {
    return givenUp;
  }

  @Override
  public int rows() {
    return exact.rows();
  }

  @Override
  public int cols() {
    return exact.cols();
  }

  @Override
  public DType dtype() {
    return exact.dtype();
  }
}

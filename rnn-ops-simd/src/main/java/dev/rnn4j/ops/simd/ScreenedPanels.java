package dev.rnn4j.ops.simd;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.ops.ArgmaxProducts;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.ops.scalar.PanelMatrix;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link PackedMatrix} of {@link ArgmaxProducts#packForArgmax} in the {@code simd} backend: the
 * exact packed copy ({@link PanelMatrix}, what every product reads) and, for a float32 matrix, the
 * {@link FloatArgmaxScreen} made from it. With the {@code at-once} policy the first argmax makes
 * it. With {@code background} (the default) the plain path answers the first {@link
 * #PLAIN_PICKS_FIRST} picks; then a background thread compiles the screen's kernels on a small
 * matrix, makes the copy, and hands it over only if it runs faster than the plain path here. Cold,
 * the screen's vector kernels run up to 100 times slower, and a short generation would lose more
 * than it gains. Safe to share between threads that only multiply with it.
 */
final class ScreenedPanels implements PackedMatrix {
  private final PanelMatrix exact;
  private volatile FloatArgmaxScreen screen;
  private final AtomicInteger plainPicks = new AtomicInteger();
  /** Set when the copy does not fit the heap: the plain path from then on. */
  private volatile boolean givenUp;
  /**
   * In the background policy, the picks the plain path makes before the copy is started: a short
   * generation (a command-line run of a few hundred tokens) never pays for compiling the screen's
   * kernels, which would also delay the JIT's work on the plain path it runs on.
   */
  static final int PLAIN_PICKS_FIRST = 2048;

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
   *     warmed on the background thread, null until then; {@code off}: never
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
          try {
            ScreenWarmUp.compileKernels(kernels);
            FloatArgmaxScreen made = make(kernels);
            // null when it is not faster than the plain path here: the plain path stays
            screen = made == null ? null : ScreenWarmUp.fasterThanPlain(made);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
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

  /** Blocks until the background copy is ready (tests); false on timeout. */
  boolean awaitScreen(long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    while (screen == null && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    return screen != null;
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

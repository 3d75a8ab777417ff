package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.ArgmaxProducts;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.TensorOps;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * When the simd backend's argmax switches to the bfloat16 copy ({@code argmax-screen}): by
 * default the copy is made in the background after the first 2,048 picks, the plain path answering
 * until then; the picks then time it against the plain path, and take it only when it is at most
 * 0.8 times as slow, the same index before, during and after; never with {@code off}.
 */
class ArgmaxScreenPolicyTest {
  private static final int ROWS = 4099;
  private static final int COLS = 130;

  @Test
  void inTheBackgroundThePicksAreThePlainPathsBeforeDuringAndAfterTheTrials() throws Exception {
    ArgmaxProducts ops = backend("background");
    Tensor v = random(ROWS * COLS, 1);
    ScreenedPanels screened = (ScreenedPanels) ops.packForArgmax(v, 0, COLS, ROWS, COLS);
    PackedMatrix plain = ops.pack(false, v, 0, COLS, ROWS, COLS, null);
    Tensor b = random(ROWS, 2);
    for (int t = 0; t < ScreenedPanels.PLAIN_PICKS_FIRST; t++) {
      Tensor x = random(COLS, 1000 + t);
      assertEquals(plainArgmax(ops, plain, x, b), pick(ops, screened, x, b));
    }
    assertTrue(screened.awaitCandidate(15_000), "the copy made in the background");
    // whether the trials take the copy is a matter of timing, so not asserted; either way the
    // picks are the plain path's, and a trial is decided within TRIAL_PAIRS picks
    for (int t = 0; t < 3 * ScreenedPanels.TRIAL_PAIRS; t++) {
      Tensor x = random(COLS, 10 + t);
      assertEquals(plainArgmax(ops, plain, x, b), pick(ops, screened, x, b));
    }
  }

  // In the two tests below, the pick that started the copy may have timed it already, when the
  // copy was ready before that pick went on (a loaded machine): so a trial may end one pick early.

  @Test
  void aTrialTakesTheCopyWhenItsMedianTimeIsAtMostEightTenthsOfThePlainOne() throws Exception {
    ScreenedPanels screened = withCandidate();
    long[] screenedNanos = {70, 1000, 80, 75, 999, 80, 80, 999, 75}; // median 80, of any 8 too
    int picks = 0;
    while (!screened.screening() && picks < ScreenedPanels.TRIAL_PAIRS) {
      screened.timed(screenedNanos[picks++], 100);
    }
    assertTrue(screened.screening());
    assertTrue(picks >= ScreenedPanels.TRIAL_PAIRS - 1, "taken after " + picks + " picks");
    assertNull(screened.onTrial(), "no more trials once taken");
  }

  @Test
  void aCopyNeverFastEnoughIsDroppedAfterItsTrials() throws Exception {
    ScreenedPanels screened = withCandidate();
    int all = ScreenedPanels.TRIALS * ScreenedPanels.TRIAL_PAIRS;
    int picks = 0;
    while (!screened.plainForGood() && picks < all) {
      screened.timed(81, 100);
      picks++;
    }
    assertTrue(screened.plainForGood());
    assertTrue(picks >= all - 1, "dropped after " + picks + " picks");
    assertFalse(screened.screening());
    assertNull(screened.onTrial());
  }

  @Test
  void offNeverMakesTheCopy() throws Exception {
    ArgmaxProducts ops = backend("off");
    Tensor v = random(ROWS * COLS, 1);
    PackedMatrix screened = ops.packForArgmax(v, 0, COLS, ROWS, COLS);
    Tensor x = random(COLS, 3);
    Tensor b = random(ROWS, 2);
    assertEquals(plainArgmax(ops, ops.pack(false, v, 0, COLS, ROWS, COLS, null), x, b),
        pick(ops, screened, x, b));
    assertFalse(((ScreenedPanels) screened).awaitCandidate(200));
  }

  @Test
  void anUnknownPolicyIsOneClearError() {
    RnnException e = assertThrows(RnnException.class,
        () -> new SimdTensorOpsProvider().create(Options.of("argmax-screen", "later")));
    assertEquals("setting 'argmax-screen' of backend 'simd' must be background, at-once or off, "
        + "got 'later'", e.getMessage());
  }

  /** @return a matrix of the background policy whose copy is made and awaits its trials */
  private static ScreenedPanels withCandidate() throws InterruptedException {
    ArgmaxProducts ops = backend("background");
    ScreenedPanels screened = (ScreenedPanels) ops.packForArgmax(random(ROWS * COLS, 1), 0, COLS,
        ROWS, COLS);
    Tensor x = random(COLS, 3);
    Tensor b = random(ROWS, 2);
    for (int t = 0; t < ScreenedPanels.PLAIN_PICKS_FIRST; t++) {
      pick(ops, screened, x, b);
    }
    assertTrue(screened.awaitCandidate(15_000));
    assertNotNull(screened.onTrial());
    return screened;
  }

  private static ArgmaxProducts backend(String policy) {
    TensorOps ops = new SimdTensorOpsProvider()
        .create(Options.of("threads", "1", "argmax-screen", policy));
    return ops.capability(ArgmaxProducts.class).orElseThrow();
  }

  private static int pick(ArgmaxProducts ops, PackedMatrix a, Tensor x, Tensor b) {
    return ops.argmax(a, x, 0, b, 0, new int[0], Tensor.zeros(DType.F32, ROWS), 0);
  }

  private static int plainArgmax(ArgmaxProducts ops, PackedMatrix a, Tensor x, Tensor b) {
    Tensor y = Tensor.zeros(DType.F32, ROWS);
    ops.gemv(a, 1, x, 0, 0, y, 0);
    ((TensorOps) ops).addRowVector(1, ROWS, b, 0, y, 0);
    return ((TensorOps) ops).argmax(ROWS, y, 0);
  }

  private static Tensor random(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Tensor t = Tensor.zeros(DType.F32, size);
    for (int i = 0; i < size; i++) {
      t.set(i, r.nextDouble() * 2 - 1);
    }
    return t;
  }
}

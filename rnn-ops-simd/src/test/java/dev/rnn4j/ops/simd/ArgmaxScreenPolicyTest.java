package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
 * default in the background after the first 2,048 picks, the plain path answering until the copy is
 * ready, the same index before and after; never with {@code off}.
 */
class ArgmaxScreenPolicyTest {
  private static final int ROWS = 4099;
  private static final int COLS = 130;

  @Test
  void inTheBackgroundThePicksAreThePlainPathsBeforeAndAfterTheSwitch() throws Exception {
    ArgmaxProducts ops = backend("background");
    Tensor v = random(ROWS * COLS, 1);
    PackedMatrix screened = ops.packForArgmax(v, 0, COLS, ROWS, COLS);
    PackedMatrix plain = ops.pack(false, v, 0, COLS, ROWS, COLS, null);
    Tensor b = random(ROWS, 2);
    for (int t = 0; t < ScreenedPanels.PLAIN_PICKS_FIRST; t++) {
      Tensor x = random(COLS, 1000 + t);
      assertEquals(plainArgmax(ops, plain, x, b), pick(ops, screened, x, b));
    }
    // adopted only if it runs faster than the plain path on this machine: a matter of timing, so
    // not asserted; either way the picks are the plain path's
    ((ScreenedPanels) screened).awaitScreen(15_000);
    for (int t = 0; t < 20; t++) {
      Tensor x = random(COLS, 10 + t);
      assertEquals(plainArgmax(ops, plain, x, b), pick(ops, screened, x, b));
    }
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
    assertFalse(((ScreenedPanels) screened).awaitScreen(200));
  }

  @Test
  void anUnknownPolicyIsOneClearError() {
    RnnException e = assertThrows(RnnException.class,
        () -> new SimdTensorOpsProvider().create(Options.of("argmax-screen", "later")));
    assertEquals("setting 'argmax-screen' of backend 'simd' must be background, at-once or off, "
        + "got 'later'", e.getMessage());
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

package dev.rnn4j.core.ops;

import dev.rnn4j.api.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Copies, fills and random initialisation of tensor regions (not kernels: no backend needed). */
public final class Regions {
  private Regions() {}

  /** Copies {@code len} elements of {@code src} from {@code srcOff} into {@code dst} at {@code dstOff}. */
  public static void copy(Tensor src, int srcOff, Tensor dst, int dstOff, int len) {
    switch (dst.dtype()) {
      case F32:
        System.arraycopy(src.f32(), src.start() + srcOff, dst.f32(), dst.start() + dstOff, len);
        break;
      case F64:
        System.arraycopy(src.f64(), src.start() + srcOff, dst.f64(), dst.start() + dstOff, len);
        break;
      default: throw new IllegalStateException(String.valueOf(dst.dtype()));
    }
  }

  /** Sets {@code len} elements of {@code t} from {@code off} to zero. */
  public static void zero(Tensor t, int off, int len) {
    int from = t.start() + off;
    switch (t.dtype()) {
      case F32: Arrays.fill(t.f32(), from, from + len, 0f); break;
      case F64: Arrays.fill(t.f64(), from, from + len, 0d); break;
      default: throw new IllegalStateException(String.valueOf(t.dtype()));
    }
  }

  /** Fills {@code t} with independent draws from Uniform(-limit, limit), in flat order. */
  public static void uniform(Tensor t, double limit, RandomGenerator random) {
    for (int i = 0; i < t.size(); i++) {
      t.set(i, (random.nextDouble() * 2 - 1) * limit);
    }
  }
}

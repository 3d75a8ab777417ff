package dev.rnn4j.core.train.schedule;

import dev.rnn4j.api.RnnException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code plateau:patience=P,factor=F,threshold=T,min=M}: multiplies the rate by {@code F} once the
 * validation loss has failed to improve for {@code P} epochs in a row, never going below {@code
 * M}. The classic RNN language-model recipe halves the rate when the validation loss stalls: that
 * is the default ({@code patience=1,factor=0.5}).
 *
 * <p>Per call of {@link #next}: an unknown loss ({@code NaN}) changes nothing. A loss below {@code
 * best * (1 - T)} (a relative improvement of at least {@code T}; any finite loss improves on the
 * start) becomes the new best and resets the count of bad epochs; any other loss counts one bad
 * epoch, and at {@code P} bad epochs the rate becomes {@code max(rate * F, min(M, rate))} and the
 * count restarts. Compared with PyTorch's {@code ReduceLROnPlateau(mode="min",
 * threshold_mode="rel", cooldown=0)}, which reduces after more than {@code patience} bad epochs,
 * {@code patience=P} here equals {@code patience=P-1} there.
 *
 * <p>State for checkpoints: {@code best} (the best loss, as Java writes a double) and {@code
 * bad-epochs}. Not thread-safe.
 */
public final class PlateauSchedule implements LearningRateSchedule {
  /** The name in specs. */
  public static final String NAME = "plateau";
  private static final String BEST = "best";
  private static final String BAD_EPOCHS = "bad-epochs";

  private final int patience;
  private final double factor;
  private final double threshold;
  private final double minRate;
  private double best = Double.POSITIVE_INFINITY;
  private int badEpochs;

  /**
   * @param patience epochs without improvement before a reduction, at least 1
   * @param factor the factor of a reduction, in (0, 1)
   * @param threshold the relative improvement that counts, at least 0
   * @param minRate the rate below which reductions stop, at least 0
   * @throws RnnException for values outside those ranges
   */
  public PlateauSchedule(int patience, double factor, double threshold, double minRate) {
    if (patience < 1) {
      throw bad("'patience' (epochs without improvement before a reduction) must be at least 1, got " + patience);
    }
    if (!(factor > 0 && factor < 1)) {
      throw bad("'factor' (the factor of a reduction) must be in (0, 1), got " + factor);
    }
    if (!(threshold >= 0 && threshold < 1)) {
      throw bad("'threshold' (the relative improvement that counts) must be in [0, 1), got " + threshold);
    }
    if (!(minRate >= 0) || !Double.isFinite(minRate)) {
      throw bad("'min' (the smallest rate) must be at least 0, got " + minRate);
    }
    this.patience = patience;
    this.factor = factor;
    this.threshold = threshold;
    this.minRate = minRate;
  }

  private static RnnException bad(String message) {
    return new RnnException("schedule 'plateau': " + message);
  }

  @Override
  public double next(int epoch, double currentRate, double validationLoss) {
    if (Double.isNaN(validationLoss)) {
      return currentRate;
    }
    if (validationLoss < best * (1 - threshold)) {
      best = validationLoss;
      badEpochs = 0;
      return currentRate;
    }
    badEpochs++;
    if (badEpochs < patience) {
      return currentRate;
    }
    badEpochs = 0;
    return Math.max(currentRate * factor, Math.min(minRate, currentRate));
  }

  @Override
  public String spec() {
    return NAME + ":patience=" + patience + ",factor=" + factor + ",threshold=" + threshold + ",min=" + minRate;
  }

  @Override
  public Map<String, String> state() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(BEST, Double.toString(best));
    s.put(BAD_EPOCHS, Integer.toString(badEpochs));
    return s;
  }

  @Override
  public void restoreState(Map<String, String> state) {
    if (!state.keySet().equals(Map.of(BEST, "", BAD_EPOCHS, "").keySet())) {
      throw bad("a checkpoint state needs exactly the keys best, bad-epochs; got " + state.keySet());
    }
    double restoredBest;
    int restoredBad;
    try {
      restoredBest = Double.parseDouble(state.get(BEST));
      restoredBad = Integer.parseInt(state.get(BAD_EPOCHS));
    } catch (NumberFormatException e) {
      throw bad("unreadable checkpoint state " + state);
    }
    if (Double.isNaN(restoredBest) || restoredBad < 0 || restoredBad >= patience) {
      throw bad("checkpoint state " + state + " is impossible with patience " + patience);
    }
    best = restoredBest;
    badEpochs = restoredBad;
  }

  @Override
  public String toString() {
    return spec();
  }
}

package dev.rnn4j.examples.cli;

import dev.rnn4j.core.train.EpochStats;
import dev.rnn4j.core.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints one line per epoch: loss per token, perplexity, speed. */
final class ProgressPrinter implements TrainingListener {
  private final PrintWriter out;
  private final int epochs;

  ProgressPrinter(PrintWriter out, int epochs) {
    this.out = out;
    this.epochs = epochs;
  }

  @Override
  public void onEpoch(EpochStats s) {
    out.printf(Locale.ROOT, "epoch %3d/%d  loss/token %.4f  perplexity %8.2f  %,.0f tokens/s%n",
        s.epoch(), epochs, s.meanLoss(), s.perplexity(), s.tokensPerSecond());
    out.flush();
  }
}

package dev.rnn4j.examples.cli;

import dev.rnn4j.core.train.EpochStats;
import dev.rnn4j.core.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** Reports a training run: progress on the console, metrics and plots in the run folder. */
final class RunReporter implements TrainingListener {
  private final PrintWriter out;
  private final int epochs;
  private final boolean quiet;

  RunReporter(Path runDir, PrintWriter out, int epochs, boolean quiet) {
    this.out = out;
    this.epochs = epochs;
    this.quiet = quiet;
  }

  @Override
  public void onEpoch(EpochStats s) {
    if (quiet) {
      return;
    }
    out.printf(Locale.ROOT, "epoch %3d/%d  loss/token %.4f  perplexity %8.2f%s  lr %.3g  %,.0f tokens/s%n",
        s.epoch(), epochs, s.meanLoss(), s.perplexity(),
        Double.isNaN(s.validationLoss()) ? ""
            : String.format(Locale.ROOT, "  val perplexity %8.2f", s.validationPerplexity()),
        s.learningRate(), s.tokensPerSecond());
    out.flush();
  }
}

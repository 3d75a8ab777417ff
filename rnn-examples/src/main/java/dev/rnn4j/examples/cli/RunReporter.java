package dev.rnn4j.examples.cli;

import dev.rnn4j.core.train.EpochStats;
import dev.rnn4j.core.train.TrainingListener;
import dev.rnn4j.examples.report.MetricsLog;
import dev.rnn4j.examples.report.MetricsRecorder;
import dev.rnn4j.examples.report.PlotRenderer;
import dev.rnn4j.examples.report.TrainingProgress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a training run: live progress on the console ({@link TrainingProgress}) and, with a run
 * folder, {@code metrics.csv} ({@link MetricsRecorder}) and the loss and perplexity plots, redrawn
 * after every epoch. Create it just before training starts (throughput is timed from here);
 * {@link #close()} at the end.
 */
final class RunReporter implements TrainingListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunReporter.class);
  private final TrainingProgress progress;
  private final MetricsRecorder metrics;
  private final Path runDir;

  RunReporter(Path runDir, PrintWriter out, int epochs, TrainingProgress.Verbosity verbosity,
      DoubleSupplier learningRate) {
    this.runDir = runDir;
    this.progress = TrainingProgress.builder(out).epochs(epochs).verbosity(verbosity).build();
    this.metrics = runDir == null ? null
        : new MetricsRecorder(MetricsLog.open(runDir), 0, learningRate, System::nanoTime);
  }

  @Override
  public void onStep(int epoch, int step, int stepsPerEpoch, double loss, int tokens) {
    progress.onStep(epoch, step, stepsPerEpoch, loss, tokens);
    if (metrics != null) {
      metrics.onStep(epoch, step, stepsPerEpoch, loss, tokens);
    }
  }

  @Override
  public void onEpoch(EpochStats s) {
    progress.onEpoch(s);
    progress.onValidation(s.epoch(), s.validationLoss());
    if (metrics != null) {
      metrics.onEpoch(s);
      metrics.onValidation(s.epoch(), s.validationLoss());
      try {
        new PlotRenderer().render(MetricsLog.read(runDir.resolve(MetricsLog.FILE_NAME)), runDir,
            runDir.getFileName().toString());
      } catch (RuntimeException e) {
        LOG.warn("could not redraw the plots: {}", e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    progress.close();
    if (metrics != null) {
      metrics.close();
    }
  }
}

package dev.rnn4j.cli;

import dev.rnn4j.cli.report.PlotRenderer;
import dev.rnn4j.cli.report.TrainingProgress;
import dev.rnn4j.core.run.MetricsLog;
import dev.rnn4j.core.run.RunData;
import dev.rnn4j.core.run.RunListener;
import dev.rnn4j.core.train.EpochStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a training run on the console ({@link TrainingProgress}) and, once the run folder exists,
 * logs into its {@code train.log} and redraws the loss and perplexity plots after every epoch.
 * {@link #close()} at the end.
 */
class RunReporter implements RunListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunReporter.class);
  private final PrintWriter out;
  private final TrainingProgress progress;
  private final boolean quiet;
  private Path runDir;
  private AutoCloseable log;

  RunReporter(PrintWriter out, int epochs, TrainingProgress.Verbosity verbosity) {
    this.out = out;
    this.quiet = verbosity == TrainingProgress.Verbosity.QUIET;
    this.progress = TrainingProgress.builder(out).epochs(epochs).verbosity(verbosity).build();
  }

  @Override
  public void onData(RunData data) {
    if (!quiet) {
      out.printf("corpus: %d sequences, %d tokens, vocabulary %d (tokenizer %s)%s%n",
          data.sequences(), data.tokens(), data.vocabulary().size(), data.tokenizerName(),
          data.validation() != null ? ", with validation data" : "");
      out.flush();
    }
  }

  @Override
  public void onFolder(Path folder) {
    onFolder(folder, folder.toAbsolutePath().toString());
  }

  /** {@code folder} is local (train.log goes there); {@code location} is what the user sees. */
  @Override
  public void onFolder(Path folder, String location) {
    runDir = folder;
    log = Logging.toFile(folder.resolve("train.log"));
    out.println("run folder: " + location);
    out.flush();
  }

  @Override
  public void onStep(int epoch, int step, int stepsPerEpoch, double loss, int tokens) {
    progress.onStep(epoch, step, stepsPerEpoch, loss, tokens);
  }

  @Override
  public void onEpoch(EpochStats s) {
    progress.onEpoch(s);
    progress.onValidation(s.epoch(), s.validationLoss());
    if (runDir != null) {
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
    if (log != null) {
      try {
        log.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close the run's log", e);
      }
    }
  }
}

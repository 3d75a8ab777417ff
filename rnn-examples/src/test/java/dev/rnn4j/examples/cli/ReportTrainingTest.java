package dev.rnn4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.train.EpochStats;
import dev.rnn4j.core.train.TrainingListener;
import dev.rnn4j.examples.report.MetricsLog;
import dev.rnn4j.examples.report.MetricsRecorder;
import dev.rnn4j.examples.report.TrainingProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report listeners on a real (tiny) training, as the train command will wire them. */
class ReportTrainingTest {
  @Test
  void aRealTrainingFillsMetricsCsvThatPlotDraws(@TempDir Path run) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      lines.add("the cat sat on the mat");
      lines.add("the dog sat on the log");
    }
    Plugins plugins = Plugins.defaults();
    TrainConfig config = TrainConfig.defaults();
    config.corpus = "(in memory)";
    config.hidden = 8;
    config.epochs = 4;
    config.learningRate = 0.1;
    config.backend = "scalar";
    CorpusTraining.Prepared data = CorpusTraining.prepare(lines, null, config, plugins);
    CorpusTraining.Session session = CorpusTraining.session(data, config, plugins);
    StringWriter text = new StringWriter();
    try (MetricsRecorder recorder = new MetricsRecorder(MetricsLog.open(run), 5, () -> 0.1, System::nanoTime);
         TrainingProgress progress = TrainingProgress.builder(new PrintWriter(text)).terminal(false)
             .epochs(4).build()) {
      session.trainer().fit(data.train(), new TrainingListener() {
        @Override
        public void onStep(int epoch, int step, int stepsPerEpoch, double loss, int tokens) {
          recorder.onStep(epoch, step, stepsPerEpoch, loss, tokens);
          progress.onStep(epoch, step, stepsPerEpoch, loss, tokens);
        }

        @Override
        public void onEpoch(EpochStats stats) {
          recorder.onEpoch(stats);
          progress.onEpoch(stats);
          double validation = stats.meanLoss() + 0.1; // stands in for the lead's validation pass
          recorder.onValidation(stats.epoch(), validation);
          progress.onValidation(stats.epoch(), validation);
        }
      });
    }
    List<MetricsLog.Row> rows = MetricsLog.read(run.resolve(MetricsLog.FILE_NAME));
    List<MetricsLog.Row> epochs = rows.stream().filter(MetricsLog.Row::isEpochSummary).toList();
    assertEquals(4, epochs.size(), rows.toString());
    assertEquals(4 * 4, rows.size() - epochs.size(), "20 steps per epoch, a row every 5");
    assertTrue(epochs.get(3).trainLoss() < epochs.get(0).trainLoss(), "the loss falls");
    assertEquals(epochs.get(3).trainLoss() + 0.1, epochs.get(3).validationLoss(), 1e-6);
    assertTrue(text.toString().contains("epoch   4/4  loss/token"), text.toString());
    assertTrue(text.toString().contains("epoch   4/4  validation loss/token"), text.toString());
    CommandLineTest.Run plot = CommandLineTest.run("plot", run.toString());
    assertEquals(0, plot.exit(), plot.err());
    assertEquals(2, plot.out().lines().count());
  }
}

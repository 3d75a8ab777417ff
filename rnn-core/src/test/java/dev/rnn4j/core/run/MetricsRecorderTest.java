package dev.rnn4j.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.core.train.EpochStats;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsRecorderTest {
  @Test
  void writesEveryKthStepTheLastStepAndOneSummaryPerEpochWithItsValidation(@TempDir Path dir) {
    long[] clock = {0};
    try (MetricsRecorder r = new MetricsRecorder(MetricsLog.open(dir), 4, () -> 0.05, () -> clock[0])) {
      r.onValidation(0, Math.log(100));
      for (int e = 1; e <= 2; e++) {
        for (int s = 1; s <= 10; s++) {
          clock[0] += 500_000_000L;
          r.onStep(e, s, 10, 20.0, 10);
        }
        r.onEpoch(new EpochStats(e, 2.0, 100, 5.0, Double.NaN, 0.1));
        if (e == 1) {
          r.onValidation(1, 2.5);
        }
      }
    }
    List<MetricsLog.Row> rows = MetricsLog.read(dir.resolve(MetricsLog.FILE_NAME));
    assertEquals(1 + 2 * (3 + 1), rows.size(), rows.toString());
    MetricsLog.Row before = rows.get(0);
    assertEquals(0, before.epoch());
    assertEquals(100.0, before.validationPerplexity(), 1e-4);
    MetricsLog.Row step4 = rows.get(1);
    assertEquals(4, step4.step());
    assertEquals(40, step4.tokens());
    assertEquals(2.0, step4.trainLoss(), 1e-12);
    assertEquals(20.0, step4.tokensPerSecond(), 1e-9); // 40 tokens in 2 s
    assertEquals(10, rows.get(3).step());
    MetricsLog.Row summary1 = rows.get(4);
    assertTrue(summary1.isEpochSummary());
    assertEquals(2.5, summary1.validationLoss(), 1e-12);
    assertEquals(5.0, summary1.elapsedSeconds(), 1e-9);
    assertEquals(0.05, summary1.learningRate());
    MetricsLog.Row summary2 = rows.get(8);
    assertEquals(2, summary2.epoch());
    assertEquals(200, summary2.tokens());
    assertTrue(Double.isNaN(summary2.validationLoss()));
  }
}

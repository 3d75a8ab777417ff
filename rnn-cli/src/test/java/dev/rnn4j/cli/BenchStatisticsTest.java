package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The bench compares like with like: rnn4j's best window against the peers' best repeat. */
class BenchStatisticsTest {

  @Test
  void takesThePeersBestRepeatNotItsMedian() throws Exception {
    String line = "{\"kind\": \"train\", \"config\": \"b_word_m8000_n100_T20\", \"batch\": 1,"
        + " \"tokens_per_s\": 5000.0, \"meas\": {\"median\": 5000.0,"
        + " \"all\": [5000.0, 6200.5, 3100.0], \"clean\": true}}";
    assertEquals(6200.5, BenchCommand.best((java.util.Map<?, ?>) dev.rnn4j.core.io.Json.parse(line), "tokens_per_s"));
  }

  @Test
  void readsGemmRepeatsInGflops() throws Exception {
    String line = "{\"dtype\": \"float32\", \"gflops\": 126.4, \"kind\": \"gemm\","
        + " \"meas\": {\"all\": [126.4, 118.6, 127.2], \"median\": 126.4}}";
    assertEquals(127.2, BenchCommand.best((java.util.Map<?, ?>) dev.rnn4j.core.io.Json.parse(line), "gflops"));
  }

  @Test
  void fallsBackToTheReportedFigureWithoutRepeats() throws Exception {
    String line = "{\"kind\": \"generate\", \"tokens_per_s\": 15700.0}";
    assertEquals(15700.0, BenchCommand.best((java.util.Map<?, ?>) dev.rnn4j.core.io.Json.parse(line), "tokens_per_s"));
  }

  @Test
  void countsTrainingFlopsAsTheBaselinesDo() {
    // shared/baselines/common.py: 6(n²+mn) + 2(n²+mn+n+m)/T + 2n, config b (m8000 n100 T20)
    double expected = 6.0 * (100 * 100 + 8000 * 100) + 2.0 * (100 * 100 + 8000 * 100 + 100 + 8000) / 20
        + 2.0 * 100;
    assertEquals(expected, BenchCommand.flopsPerTrainingToken(8000, 100, 20), 1e-6);
  }
}

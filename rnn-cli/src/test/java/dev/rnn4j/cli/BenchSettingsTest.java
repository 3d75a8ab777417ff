package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code bench} with a count or a duration no row can be measured with: one line naming the option
 * and the value, exit 1, and nothing printed or measured before it (no table header, no child
 * process that fails with an internal error).
 */
class BenchSettingsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--threads|1,0|--threads must be at least 1, got 0",
      "--batches|1,0|--batches must be at least 1, got 0",
      "--shards|0|--shards must be at least 1, got 0",
      "--rounds|0|--rounds must be at least 1, got 0",
      "--seconds|0|--seconds must be a number of seconds above 0, got 0.0",
      "--seconds|-1|--seconds must be a number of seconds above 0, got -1.0",
      "--seconds|NaN|--seconds must be a number of seconds above 0, got NaN",
      "--seconds|Infinity|--seconds must be a number of seconds above 0, got Infinity"})
  void aSettingNoRowCanUseIsOneLineAndNothingElse(String option, String value, String message) {
    CommandLineTest.Run r = CommandLineTest.run("bench", "--configs", "a1", "--backends", "simd",
        "--no-peer", option, value);
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains(message), r.err());
    assertEquals("", r.out().strip(), "nothing measured or printed before the mistake");
    assertEquals(1, r.err().strip().lines().filter(l -> !l.startsWith("WARNING")).count(), r.err());
  }
}

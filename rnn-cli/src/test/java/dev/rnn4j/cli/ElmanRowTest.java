package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.core.io.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Elman table's rows are measured each in a fresh JVM ({@code bench --elman-row}, started by
 * {@code bench} per configuration and round): here one such row in this JVM, as a child measures
 * it, and a malformed one refused in one line. {@code BenchShardsTest} runs the whole command,
 * children included.
 */
class ElmanRowTest {

  @Test
  void aRowReportsGenerationAndTrainingAtEachBatchSize() {
    CommandLineTest.Run r = CommandLineTest.run("bench", "--elman-row", "a1_char_m65_n128_T25,scalar,1",
        "--batches", "1,3", "--seconds", "0.05");
    assertEquals(0, r.exit(), r.err());
    Map<?, ?> row = (Map<?, ?>) Json.parse(r.out().trim());
    assertEquals("elman-row", row.get("kind"));
    assertEquals("a1_char_m65_n128_T25", row.get("config"));
    for (String key : new String[] {"generate_tokens_per_s", "train_tokens_per_s_1", "train_tokens_per_s_3"}) {
      assertTrue(((Number) row.get(key)).doubleValue() > 0, key + " in " + r.out());
    }
  }

  @Test
  void aMalformedRowIsAOneLineMistake() {
    CommandLineTest.Run r = CommandLineTest.run("bench", "--elman-row", "a1,simd");
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("CONFIG,BACKEND,THREADS"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }
}

package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.core.io.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bench --cells}: one row measured in this JVM as the child JVMs measure it (rate, time of
 * the first tenth of the run, peak RSS), and the user's mistakes refused before any child starts.
 */
class CellBenchTest {

  @Test
  void aRowReportsItsRateItsFirstTenthAndItsPeakRss() {
    CommandLineTest.Run r = CommandLineTest.run("bench", "--row", "gru,a1_char_m65_n128_T25,scalar,1,1",
        "--seconds", "0.05", "--run-tokens", "200");
    assertEquals(0, r.exit(), r.err());
    Map<?, ?> row = (Map<?, ?>) Json.parse(r.out().trim());
    assertEquals("row", row.get("kind"));
    assertEquals(25, ((Number) row.get("first_tokens")).intValue(), "one step of T = 25 covers the first 20 tokens");
    assertTrue(((Number) row.get("tokens_per_s")).doubleValue() > 0, r.out());
    assertTrue(((Number) row.get("first_tokens_s")).doubleValue() > 0, r.out());
    assertTrue(((Number) row.get("peak_rss_kb")).longValue() > 1000, r.out());
  }

  @Test
  void unknownCellsAndBadRowsAreOneLineMistakes() {
    CommandLineTest.Run cell = CommandLineTest.run("bench", "--cells", "lstm,nope", "--configs", "a1",
        "--backends", "scalar", "--no-peer");
    assertEquals(1, cell.exit(), cell.out() + cell.err());
    assertTrue(cell.err().contains("nope"), cell.err());
    CommandLineTest.Run row = CommandLineTest.run("bench", "--row", "lstm,a1");
    assertEquals(1, row.exit(), row.out() + row.err());
    assertTrue(row.err().contains("CELL,CONFIG,BACKEND,THREADS,BATCH"), row.err());
  }
}

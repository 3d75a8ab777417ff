package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --shards}: batch rows of at least that size are measured as sharded training
 * (two threads computing the shards at once), smaller ones as before (a count below 1:
 * {@link BenchSettingsTest}).
 */
class BenchShardsTest {

  @Test
  void batchRowsRunShardedAndSayHowManyShards(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("rows.json");
    CommandLineTest.Run r = CommandLineTest.run("bench", "--configs", "a1", "--backends", "simd",
        "--threads", "2", "--batches", "1,4", "--shards", "2", "--no-peer", "--seconds", "0.05",
        "--rounds", "1", "--json", json.toString());
    assertEquals(0, r.exit(), r.err());
    List<?> rows = (List<?>) Json.parse(Files.readString(json));
    assertEquals(2, rows.size(), r.out());
    for (Object o : rows) {
      Map<?, ?> row = (Map<?, ?>) o;
      int batch = ((Number) row.get("batch")).intValue();
      assertEquals(batch >= 2 ? 2 : 1, ((Number) row.get("shards")).intValue(), row.toString());
      assertTrue(((Number) row.get("train_tokens_per_s")).doubleValue() > 0, row.toString());
    }
  }
}

package dev.rnn4j.core.io;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * CRC32C checksums of safetensors data, as rnn4j stores them: one {@code __metadata__} entry,
 * {@value #KEY}, holding the JSON text of an object that maps every tensor name to the CRC32C of
 * its little-endian bytes, and {@value #METADATA} to the CRC32C of the other metadata entries
 * (sorted by key, each key and value as UTF-8 followed by a zero byte). Values are 8 lower-case
 * hex digits. Stateless.
 */
final class Checksums {
  /** The {@code __metadata__} key holding the checksums. */
  static final String KEY = "rnn4j_crc32c";
  /** The entry, inside the checksums, of the metadata itself (never a tensor name). */
  static final String METADATA = "__metadata__";

  private Checksums() {}

  /** @return the CRC32C of {@code bytes} as 8 hex digits */
  static String of(byte[] bytes) {
    CRC32C c = new CRC32C();
    c.update(bytes);
    return hex(c.getValue());
  }

  /** @return the CRC32C of {@code metadata} (order-independent; the {@value #KEY} entry excluded) */
  static String ofMetadata(Map<String, String> metadata) {
    CRC32C c = new CRC32C();
    for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
      if (!KEY.equals(e.getKey())) {
        update(c, e.getKey());
        update(c, e.getValue());
      }
    }
    return hex(c.getValue());
  }

  private static void update(CRC32C c, String text) {
    c.update(text.getBytes(StandardCharsets.UTF_8));
    c.update(0);
  }

  private static String hex(long value) {
    return String.format("%08x", value);
  }
}

package dev.rnn4j.testkit.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded byte-level mutation: bit flips, interesting bytes and integers, insertions, deletions,
 * duplicated and repeated ranges, dictionary words, splices of two inputs. Results are at most
 * {@link #maxLength} bytes. Stateless apart from its settings; thread-safe.
 */
public final class Mutator {
  private static final byte[] INTERESTING_BYTES = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, (byte) 0xc0,
    (byte) 0xed, (byte) 0xf4, '"', '\\', '[', ']', '{', '}', ',', ':', '\n', '\r', ' ', '-', '0', '9'};
  private static final long[] INTERESTING_LONGS = {0, 1, -1, 2, 7, 8, 255, 256, 65535, 1L << 31,
    (1L << 31) - 1, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40};

  private final int maxLength;

  /** @param maxLength the longest input produced, in bytes (at least 1) */
  public Mutator(int maxLength) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be at least 1, got " + maxLength);
    }
    this.maxLength = maxLength;
  }

  /**
   * @param input the input to mutate (not modified)
   * @param other a second input for splicing (not modified)
   * @param dictionary words to insert (may be empty)
   * @return a new array: {@code input} after 1 to 8 random mutations
   */
  public byte[] mutate(byte[] input, byte[] other, List<byte[]> dictionary, SplittableRandom r) {
    byte[] b = input;
    int rounds = 1 + r.nextInt(r.nextInt(8) + 1);
    for (int k = 0; k < rounds; k++) {
      b = once(b, other, dictionary, r);
    }
    return b.length > maxLength ? Arrays.copyOf(b, maxLength) : b;
  }

  private byte[] once(byte[] b, byte[] other, List<byte[]> dictionary, SplittableRandom r) {
    if (b.length == 0) {
      return insert(b, 0, randomBytes(r, 1 + r.nextInt(8)));
    }
    int at = r.nextInt(b.length);
    switch (r.nextInt(11)) {
      case 0: return with(b, at, (byte) (b[at] ^ (1 << r.nextInt(8))));
      case 1: return with(b, at, (byte) r.nextInt(256));
      case 2: return with(b, at, INTERESTING_BYTES[r.nextInt(INTERESTING_BYTES.length)]);
      case 3: return delete(b, at, 1 + r.nextInt(Math.max(1, Math.min(64, b.length - at))));
      case 4: return insert(b, at, randomBytes(r, 1 + r.nextInt(16)));
      case 5: return insert(b, at, range(b, r));
      case 6: return dictionary.isEmpty() ? insert(b, at, range(b, r))
          : insert(b, at, dictionary.get(r.nextInt(dictionary.size())));
      case 7: return integer(b, at, r);
      case 8: return Arrays.copyOf(b, at);
      case 9: return repeat(b, at, r);
      default: return splice(b, other, r);
    }
  }

  private static byte[] with(byte[] b, int at, byte value) {
    byte[] out = b.clone();
    out[at] = value;
    return out;
  }

  private static byte[] delete(byte[] b, int at, int length) {
    byte[] out = new byte[b.length - length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(b, at + length, out, at, b.length - at - length);
    return out;
  }

  private static byte[] insert(byte[] b, int at, byte[] what) {
    byte[] out = new byte[b.length + what.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(what, 0, out, at, what.length);
    System.arraycopy(b, at, out, at + what.length, b.length - at);
    return out;
  }

  private static byte[] randomBytes(SplittableRandom r, int n) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) r.nextInt(256);
    }
    return out;
  }

  private static byte[] range(byte[] b, SplittableRandom r) {
    int from = r.nextInt(b.length);
    return Arrays.copyOfRange(b, from, from + 1 + r.nextInt(Math.min(64, b.length - from)));
  }

  /** Writes an interesting integer, as decimal text or as 4 or 8 little-endian bytes. */
  private static byte[] integer(byte[] b, int at, SplittableRandom r) {
    long v = INTERESTING_LONGS[r.nextInt(INTERESTING_LONGS.length)];
    if (r.nextBoolean()) {
      return insert(b, at, Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    byte[] out = b.clone();
    int width = r.nextBoolean() ? 4 : 8;
    for (int k = 0; k < width && at + k < out.length; k++) {
      out[at + k] = (byte) (v >>> (8 * k));
    }
    return out;
  }

  private byte[] repeat(byte[] b, int at, SplittableRandom r) {
    byte[] piece = range(b, r);
    int times = 2 + r.nextInt(r.nextBoolean() ? 8 : 2000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(b, 0, at);
    for (int k = 0; k < times && out.size() < maxLength; k++) {
      out.write(piece, 0, piece.length);
    }
    out.write(b, at, b.length - at);
    return out.toByteArray();
  }

  private static byte[] splice(byte[] b, byte[] other, SplittableRandom r) {
    if (other.length == 0) {
      return b;
    }
    int cut = r.nextInt(b.length + 1);
    int from = r.nextInt(other.length);
    byte[] out = Arrays.copyOf(b, cut + other.length - from);
    System.arraycopy(other, from, out, cut, other.length - from);
    return out;
  }
}

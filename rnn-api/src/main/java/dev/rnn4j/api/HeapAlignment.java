package dev.rnn4j.api;


/**
 * Where the JVM puts 64-byte boundaries (a cache line, one 512-bit vector) in a {@code float[]} or
 * {@code double[]}, so that data read by vector loads over and over, such as a packed matrix,
 * can start on one: a vector load that straddles two cache lines costs two. Measured on an
 * AVX-512 Xeon (Temurin 25 and JDK 17): the packed matrix-vector product of a 512 x 512 float
 * matrix in L2 took 6.0-6.3 us aligned against 7.6-10.5 us not, a 128 x 128 one 0.41-0.44 against
 * 0.63-0.68 us ({@code rnn-bench/results/2026-12-07-aligned-panels.csv}); generation of
 * configuration a2 ran 1.6-2.0x faster ({@code 2026-12-07-aligned-panels-rows.csv}).
 *
 * <p>Java does not say where an array lies, and objects move. But when every object starts on a
 * 64-byte boundary ({@code -XX:ObjectAlignmentInBytes=64}, which the {@code rnn4j} launcher
 * passes) and arrays have HotSpot's usual header (16 bytes: compressed class pointers, no compact
 * object headers), element {@link #start(DType)} of every such array, wherever the collector moves
 * it, is on a boundary. On any other JVM or layout the start is 0: nothing is gained or lost, and
 * the numbers computed never depend on it.
 */
public final class HeapAlignment {
  /** The boundary, in bytes. */
  public static final int BYTES = 64;
  /** The array header's length in bytes when boundaries are known, else -1. */
  private static final int HEADER = header(VmOption.value("ObjectAlignmentInBytes"),
      VmOption.value("UseCompressedClassPointers"), VmOption.value("UseCompactObjectHeaders"));

  private HeapAlignment() {}

  /**
   * @return the index of the first element on a 64-byte boundary, the same in every {@code float[]}
   *     ({@link DType#F32}) or {@code double[]} ({@link DType#F64}), or 0 when that is not known
   */
  public static int start(DType dtype) {
    return start(dtype.bytes());
  }

  /**
   * @param elementBytes 4 for {@code float[]} and {@code int[]}, 8 for {@code double[]} and
   *     {@code long[]}
   * @return as {@link #start(DType)}, for arrays of elements of that size
   */
  public static int start(int elementBytes) {
    return HEADER < 0 ? 0 : (BYTES - HEADER) / elementBytes;
  }

  /** @return whether {@link #start} is known on this JVM (not only 0 for want of knowing) */
  public static boolean known() {
    return HEADER >= 0;
  }

  /**
   * @param objectAlignment the JVM's {@code ObjectAlignmentInBytes}, or null when unknown
   * @param compressedClassPointers its {@code UseCompressedClassPointers}, null when the JVM has
   *     no such option (then they are on)
   * @param compactHeaders its {@code UseCompactObjectHeaders}, null when it has no such option
   * @return the header length of float and double arrays (16) when objects start on 64-byte
   *     boundaries with that header, else -1
   */
  static int header(String objectAlignment, String compressedClassPointers,
      String compactHeaders) {
    boolean aligned = objectAlignment != null && objectAlignment.matches("\\d+")
        && Integer.parseInt(objectAlignment) % BYTES == 0;
    boolean usualHeader = !"false".equals(compressedClassPointers)
        && !"true".equals(compactHeaders);
    return aligned && usualHeader ? 16 : -1;
  }
}

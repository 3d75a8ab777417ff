package dev.rnn4j.core.io;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format: an unsigned 64-bit little-endian header length, a UTF-8 JSON header mapping each tensor
 * name to {@code {"dtype", "shape", "data_offsets"}} plus an optional {@code __metadata__} object
 * of string values, then the little-endian tensor bytes, contiguous and without holes. Python's
 * {@code safetensors.numpy.load_file} reads what this class writes. Float32 and float64 only.
 *
 * <p>rnn4j adds one {@code __metadata__} entry, {@code rnn4j_crc32c}: the CRC32C of every tensor's
 * bytes and of the other metadata, checked on reading so that damaged data is caught.
 */
public final class SafeTensors {
  /** Largest header accepted when reading (a guard against corrupted lengths). */
  static final long MAX_HEADER = 100L << 20;
  private static final String METADATA = "__metadata__";
  private static final Logger LOG = LoggerFactory.getLogger(SafeTensors.class);

  private SafeTensors() {}

  /** The tensors and metadata of a file, in file order. */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  /**
   * Writes {@code tensors} (in iteration order) and {@code metadata} to {@code path}, atomically.
   */
  public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) {
    Map<String, Object> header = new LinkedHashMap<>();
    List<byte[]> data = new ArrayList<>();
    Map<String, Object> sums = new LinkedHashMap<>();
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      byte[] bytes = toBytes(e.getValue());
      data.add(bytes);
      sums.put(e.getKey(), Checksums.of(bytes));
      header.put(e.getKey(), describe(e.getValue(), offset, bytes.length));
      offset += bytes.length;
    }
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    meta.remove(Checksums.KEY);
    sums.put(Checksums.METADATA, Checksums.ofMetadata(meta));
    meta.put(Checksums.KEY, Json.write(sums));
    Map<String, Object> all = new LinkedHashMap<>();
    all.put(METADATA, meta);
    all.putAll(header);
    byte[] json = Json.write(all).getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    AtomicFile.write(path, out -> {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      len.putLong(padded);
      out.write(len.array());
      out.write(json);
      for (int k = json.length; k < padded; k++) {
        out.write(' ');
      }
      for (byte[] bytes : data) {
        out.write(bytes);
      }
    });
  }

  private static Map<String, Object> describe(Tensor t, long offset, long bytes) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("dtype", t.dtype().safetensorsName());
    List<Object> shape = new ArrayList<>();
    for (int d : t.shape()) {
      shape.add((long) d);
    }
    info.put("shape", shape);
    info.put("data_offsets", List.of(offset, offset + bytes));
    return info;
  }

  private static byte[] toBytes(Tensor t) {
    ByteBuffer b = ByteBuffer.allocate(t.size() * t.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
    if (t.dtype() == DType.F32) {
      b.asFloatBuffer().put(t.f32(), t.start(), t.size());
    } else {
      b.asDoubleBuffer().put(t.f64(), t.start(), t.size());
    }
    return b.array();
  }

  /**
   * Reads and validates a file: header length, JSON, dtypes, shapes, offsets (contiguous, inside
   * the file, no holes, no overlap), the rnn4j checksums when present (see {@link #write}) and
   * the values (NaN and infinities are refused). A file without checksums (an older rnn4j, or
   * another tool) is read with one WARN saying that its data is unverified.
   *
   * @return the tensors and the metadata (without the checksum entry)
   * @throws RnnException naming the file and the problem when it is missing, truncated,
   *     corrupted, fails a checksum or holds a non-finite value
   */
  public static Contents read(Path path) {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw bad(path, "it is shorter than the 8-byte header length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > size - 8) {
        throw bad(path, "the header length " + Long.toUnsignedString(headerLen)
            + " does not fit the file size " + size + " (truncated or not a safetensors file)");
      }
      ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
      readFully(ch, headerBuf, 8);
      Map<String, Object> header = parseHeader(path, utf8(path, headerBuf.flip()));
      long dataStart = 8 + headerLen;
      Map<String, String> metadata = metadata(path, header.remove(METADATA));
      Map<String, String> sums = checksums(path, metadata);
      List<Entry> entries = new ArrayList<>();
      for (Map.Entry<String, Object> e : header.entrySet()) {
        entries.add(entry(path, e.getKey(), e.getValue()));
      }
      checkLayout(path, entries, size - dataStart);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Entry e : entries) {
        tensors.put(e.name, tensor(path, ch, dataStart, e, sums));
      }
      if (sums == null) {
        LOG.warn("{} carries no rnn4j checksums (written by an older rnn4j or another tool):"
            + " its data is unverified", path);
      }
      return new Contents(tensors, metadata);
    } catch (NoSuchFileException e) {
      throw new RnnException("model file " + path + " does not exist");
    } catch (IOException e) {
      throw new RnnException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static Tensor tensor(Path path, FileChannel ch, long dataStart, Entry e,
      Map<String, String> sums) throws IOException {
    ByteBuffer data = ByteBuffer.allocate((int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, data, dataStart + e.begin);
    if (sums != null && !Checksums.of(data.array()).equals(sums.get(e.name))) {
      throw bad(path, "the bytes of tensor '" + Messages.shorten(e.name)
          + "' do not match their CRC32C checksum (the file is damaged)");
    }
    data.flip();
    Tensor t = Tensor.zeros(e.dtype, e.shape);
    if (e.dtype == DType.F32) {
      data.asFloatBuffer().get(t.f32(), t.start(), t.size());
    } else {
      data.asDoubleBuffer().get(t.f64(), t.start(), t.size());
    }
    for (int k = 0; k < t.size(); k++) {
      if (!Double.isFinite(t.get(k))) {
        throw bad(path, "tensor '" + Messages.shorten(e.name) + "' holds " + t.get(k) + " at index " + k
            + "; rnn4j refuses NaN and infinite values");
      }
    }
    return t;
  }

  /** @return the stored checksums (tensor name to hex), metadata verified; null when absent */
  private static Map<String, String> checksums(Path path, Map<String, String> metadata) {
    String text = metadata.remove(Checksums.KEY);
    if (text == null) {
      return null;
    }
    Object parsed;
    try {
      parsed = Json.parse(text);
    } catch (Json.JsonException e) {
      throw bad(path, "its checksums (" + Checksums.KEY + ") are malformed (" + e.getMessage() + ")");
    }
    Map<String, String> sums = parsed instanceof Map ? metadata(path, parsed) : null;
    if (sums == null || !Checksums.ofMetadata(metadata).equals(sums.remove(Checksums.METADATA))) {
      throw bad(path, "its metadata do not match their CRC32C checksum (the file is damaged or was"
          + " edited)");
    }
    return sums;
  }

  private static String utf8(Path path, ByteBuffer bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw bad(path, "its header is not UTF-8 text");
    }
  }

  private record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

  private static RnnException bad(Path path, String why) {
    return new RnnException(path + " is not a valid safetensors file: " + why);
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        throw new IOException("unexpected end of file");
      }
      pos += r;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parseHeader(Path path, String text) {
    Object parsed;
    try {
      parsed = Json.parse(text);
    } catch (Json.JsonException e) {
      throw bad(path, "its JSON header is malformed (" + e.getMessage() + ")");
    }
    if (!(parsed instanceof Map)) {
      throw bad(path, "its header is not a JSON object");
    }
    return (Map<String, Object>) parsed;
  }

  private static Map<String, String> metadata(Path path, Object raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    if (!(raw instanceof Map)) {
      throw bad(path, "__metadata__ is not an object");
    }
    for (Map.Entry<?, ?> e : ((Map<?, ?>) raw).entrySet()) {
      if (!(e.getValue() instanceof String)) {
        throw bad(path, "__metadata__ value '" + Messages.shorten(String.valueOf(e.getKey())) + "' is not a string");
      }
      out.put((String) e.getKey(), (String) e.getValue());
    }
    return out;
  }

  private static Entry entry(Path path, String name, Object raw) {
    if (!(raw instanceof Map)) {
      throw bad(path, "tensor '" + Messages.shorten(name) + "' is not described by an object");
    }
    Map<?, ?> info = (Map<?, ?>) raw;
    Object dtypeName = info.get("dtype");
    DType dtype;
    if ("F32".equals(dtypeName)) {
      dtype = DType.F32;
    } else if ("F64".equals(dtypeName)) {
      dtype = DType.F64;
    } else {
      throw bad(path, "tensor '" + Messages.shorten(name) + "' has dtype " + Messages.shorten(String.valueOf(dtypeName)) + "; rnn4j reads F32 and F64");
    }
    if (!(info.get("shape") instanceof List) || !(info.get("data_offsets") instanceof List)) {
      throw bad(path, "tensor '" + Messages.shorten(name) + "' lacks a shape or data_offsets list");
    }
    List<?> shapeList = (List<?>) info.get("shape");
    int[] shape = new int[shapeList.size()];
    long count = 1;
    for (int k = 0; k < shape.length; k++) {
      long d = nonNegative(path, name, shapeList.get(k));
      if (d > Integer.MAX_VALUE) {
        throw bad(path, "tensor '" + Messages.shorten(name) + "' has a dimension too large");
      }
      shape[k] = (int) d;
      count *= d;
      if (count > Integer.MAX_VALUE) {
        throw bad(path, "tensor '" + Messages.shorten(name) + "' is too large for one array");
      }
    }
    List<?> offsets = (List<?>) info.get("data_offsets");
    if (offsets.size() != 2) {
      throw bad(path, "tensor '" + Messages.shorten(name) + "' needs data_offsets [begin, end]");
    }
    long begin = nonNegative(path, name, offsets.get(0));
    long end = nonNegative(path, name, offsets.get(1));
    if (end - begin != count * dtype.bytes()) {
      throw bad(path, "tensor '" + Messages.shorten(name) + "' has " + (end - begin) + " bytes but its shape needs "
          + count * dtype.bytes());
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  private static long nonNegative(Path path, String name, Object o) {
    if (!(o instanceof Long) || (Long) o < 0) {
      throw bad(path, "tensor '" + Messages.shorten(name) + "' has a shape or offset that is not a non-negative integer");
    }
    return (Long) o;
  }

  private static void checkLayout(Path path, List<Entry> entries, long dataLen) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long expected = 0;
    for (Entry e : sorted) {
      if (e.begin != expected) {
        throw bad(path, "tensor '" + Messages.shorten(e.name) + "' starts at byte " + e.begin + " but " + expected
            + " was expected (overlap or hole)");
      }
      expected = e.end;
    }
    if (expected != dataLen) {
      throw bad(path, "the tensors need " + expected + " data bytes but the file has " + dataLen
          + (expected > dataLen ? " (truncated)" : " (trailing bytes)"));
    }
  }
}

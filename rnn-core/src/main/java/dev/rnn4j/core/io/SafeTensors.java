package dev.rnn4j.core.io;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format: an unsigned 64-bit little-endian header length, a UTF-8 JSON header mapping each tensor
 * name to {@code {"dtype", "shape", "data_offsets"}} plus an optional {@code __metadata__} object
 * of string values, then the little-endian tensor bytes, contiguous and without holes. Python's
 * {@code safetensors.numpy.load_file} reads what this class writes. Float32 and float64 only.
 */
public final class SafeTensors {
  /** Largest header accepted when reading (a guard against corrupted lengths). */
  static final long MAX_HEADER = 100L << 20;
  private static final String METADATA = "__metadata__";

  private SafeTensors() {}

  /** The tensors and metadata of a file, in file order. */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  /**
   * Writes {@code tensors} (in iteration order) and {@code metadata} to {@code path}, atomically.
   */
  public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) {
    Map<String, Object> header = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      header.put(METADATA, new LinkedHashMap<>(metadata));
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Tensor t = e.getValue();
      long bytes = (long) t.size() * t.dtype().bytes();
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("dtype", t.dtype().safetensorsName());
      List<Object> shape = new ArrayList<>();
      for (int d : t.shape()) {
        shape.add((long) d);
      }
      info.put("shape", shape);
      info.put("data_offsets", List.of(offset, offset + bytes));
      header.put(e.getKey(), info);
      offset += bytes;
    }
    byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    AtomicFile.write(path, out -> {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      len.putLong(padded);
      out.write(len.array());
      out.write(json);
      for (int k = json.length; k < padded; k++) {
        out.write(' ');
      }
      for (Tensor t : tensors.values()) {
        out.write(toBytes(t));
      }
    });
  }

  private static byte[] toBytes(Tensor t) {
    ByteBuffer b = ByteBuffer.allocate(t.size() * t.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
    if (t.dtype() == DType.F32) {
      b.asFloatBuffer().put(t.f32());
    } else {
      b.asDoubleBuffer().put(t.f64());
    }
    return b.array();
  }

  /**
   * Reads and validates a file: header length, JSON, dtypes, shapes, offsets (contiguous, inside
   * the file, no holes, no overlap).
   *
   * @throws RnnException naming the file and the problem when it is missing, truncated or corrupted
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
      Map<String, Object> header = parseHeader(path, new String(headerBuf.array(), StandardCharsets.UTF_8));
      long dataStart = 8 + headerLen;
      long dataLen = size - dataStart;
      Map<String, String> metadata = metadata(path, header.remove(METADATA));
      List<Entry> entries = new ArrayList<>();
      for (Map.Entry<String, Object> e : header.entrySet()) {
        entries.add(entry(path, e.getKey(), e.getValue()));
      }
      checkLayout(path, entries, dataLen);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Entry e : entries) {
        ByteBuffer data = ByteBuffer.allocate((int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, data, dataStart + e.begin);
        data.flip();
        Tensor t = Tensor.zeros(e.dtype, e.shape);
        if (e.dtype == DType.F32) {
          data.asFloatBuffer().get(t.f32());
        } else {
          data.asDoubleBuffer().get(t.f64());
        }
        tensors.put(e.name, t);
      }
      return new Contents(tensors, metadata);
    } catch (NoSuchFileException e) {
      throw new RnnException("model file " + path + " does not exist");
    } catch (IOException e) {
      throw new RnnException("cannot read " + path + ": " + e.getMessage(), e);
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
        throw bad(path, "__metadata__ value '" + e.getKey() + "' is not a string");
      }
      out.put((String) e.getKey(), (String) e.getValue());
    }
    return out;
  }

  private static Entry entry(Path path, String name, Object raw) {
    if (!(raw instanceof Map)) {
      throw bad(path, "tensor '" + name + "' is not described by an object");
    }
    Map<?, ?> info = (Map<?, ?>) raw;
    Object dtypeName = info.get("dtype");
    DType dtype;
    if ("F32".equals(dtypeName)) {
      dtype = DType.F32;
    } else if ("F64".equals(dtypeName)) {
      dtype = DType.F64;
    } else {
      throw bad(path, "tensor '" + name + "' has dtype " + dtypeName + "; rnn4j reads F32 and F64");
    }
    if (!(info.get("shape") instanceof List) || !(info.get("data_offsets") instanceof List)) {
      throw bad(path, "tensor '" + name + "' lacks a shape or data_offsets list");
    }
    List<?> shapeList = (List<?>) info.get("shape");
    int[] shape = new int[shapeList.size()];
    long count = 1;
    for (int k = 0; k < shape.length; k++) {
      long d = nonNegative(path, name, shapeList.get(k));
      if (d > Integer.MAX_VALUE) {
        throw bad(path, "tensor '" + name + "' has a dimension too large");
      }
      shape[k] = (int) d;
      count *= d;
      if (count > Integer.MAX_VALUE) {
        throw bad(path, "tensor '" + name + "' is too large for one array");
      }
    }
    List<?> offsets = (List<?>) info.get("data_offsets");
    if (offsets.size() != 2) {
      throw bad(path, "tensor '" + name + "' needs data_offsets [begin, end]");
    }
    long begin = nonNegative(path, name, offsets.get(0));
    long end = nonNegative(path, name, offsets.get(1));
    if (end - begin != count * dtype.bytes()) {
      throw bad(path, "tensor '" + name + "' has " + (end - begin) + " bytes but its shape needs "
          + count * dtype.bytes());
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  private static long nonNegative(Path path, String name, Object o) {
    if (!(o instanceof Long) || (Long) o < 0) {
      throw bad(path, "tensor '" + name + "' has a shape or offset that is not a non-negative integer");
    }
    return (Long) o;
  }

  private static void checkLayout(Path path, List<Entry> entries, long dataLen) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long expected = 0;
    for (Entry e : sorted) {
      if (e.begin != expected) {
        throw bad(path, "tensor '" + e.name + "' starts at byte " + e.begin + " but " + expected
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

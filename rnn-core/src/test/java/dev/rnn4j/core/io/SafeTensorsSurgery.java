package dev.rnn4j.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/** Test helper: edits the header of safetensors bytes and keeps the tensor bytes. */
public final class SafeTensorsSurgery {
  private SafeTensorsSurgery() {}

  public static int headerLength(byte[] file) {
    return (int) ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> header(byte[] file) {
    return (Map<String, Object>) Json.parse(
        new String(file, 8, headerLength(file), StandardCharsets.UTF_8).trim());
  }

  /** @return the file with {@code header} text in place of its header */
  public static byte[] withHeaderText(byte[] file, String header) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    byte[] data = Arrays.copyOfRange(file, 8 + headerLength(file), file.length);
    ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    return out.putLong(json.length).put(json).put(data).array();
  }

  /** @return the file after {@code edit} changed its metadata, without rnn4j checksums */
  @SuppressWarnings("unchecked")
  public static byte[] editUnverified(byte[] file, Consumer<Map<String, Object>> edit) {
    Map<String, Object> h = header(file);
    Map<String, Object> meta = (Map<String, Object>) h.get("__metadata__");
    meta.remove(Checksums.KEY);
    edit.accept(meta);
    return withHeaderText(file, Json.write(h));
  }
}

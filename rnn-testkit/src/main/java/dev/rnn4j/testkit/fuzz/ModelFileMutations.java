package dev.rnn4j.testkit.fuzz;

import dev.rnn4j.core.io.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Structure-aware damage to a model file: edits of its header that keep it well-formed JSON but
 * make its fields disagree (vocabulary, configuration, tokenizer and its settings, tensor shapes,
 * offsets, dtypes and names), non-finite values written into the tensor bytes, and the checksums
 * stripped half of the time so that the checks behind them are reached. Stateless.
 */
final class ModelFileMutations {
  private static final long[] INTS = {0, 1, 2, 3, 4, 5, 9, 64, 255, 1 << 20, Integer.MAX_VALUE,
    1L << 31, -1, Long.MAX_VALUE};
  private static final String[] NAMES = {"elman", "gru", "lstm", "mgu", "nope", "", "ELMAN",
    "whitespace", "char", "bpe", "pattern", "chinese", "graphemes", "elman\nrnn4j: forged",
    "x".repeat(5000), "é"};

  private ModelFileMutations() {}

  @SuppressWarnings("unchecked")
  static byte[] damage(byte[] file, SplittableRandom r) {
    Map<String, Object> h = (Map<String, Object>) Json.parse(Samples.header(file));
    Map<String, Object> meta = (Map<String, Object>) h.get("__metadata__");
    byte[] data = Samples.data(file);
    int edits = 1 + r.nextInt(3);
    for (int k = 0; k < edits; k++) {
      try {
        edit(h, meta, data, r);
      } catch (RuntimeException e) {
        // an earlier edit removed or broke the field this one changes: skip it
      }
    }
    if (r.nextBoolean()) {
      meta.remove("rnn4j_crc32c");
    }
    return Samples.safetensors(Json.write(h), data);
  }

  private static void edit(Map<String, Object> h, Map<String, Object> meta, byte[] data,
      SplittableRandom r) {
    switch (r.nextInt(7)) {
      case 0: vocabulary(meta, r); break;
      case 1: config(meta, r); break;
      case 2: tokenizer(meta, r); break;
      case 3: tensor(h, r); break;
      case 4: nonFinite(data, r); break;
      case 5: meta.remove(pick(new ArrayList<>(meta.keySet()), r)); break;
      default: meta.put(pick(new ArrayList<>(meta.keySet()), r), "{\"a\":[1,2"); break;
    }
  }

  private static <T> T pick(List<T> list, SplittableRandom r) {
    return list.get(r.nextInt(list.size()));
  }

  private static void vocabulary(Map<String, Object> meta, SplittableRandom r) {
    List<Object> v = new ArrayList<>((List<?>) Json.parse((String) meta.get("vocabulary")));
    int at = r.nextInt(v.size());
    switch (r.nextInt(4)) {
      case 0: v.remove(at); break;
      case 1: v.add(at, "new-" + r.nextInt(3)); break;
      case 2: v.add(v.get(at)); break;
      default: v.set(at, r.nextBoolean() ? 12L : pick(List.of("x\u0000y", "a\nb", "z".repeat(3000)), r)); break;
    }
    meta.put("vocabulary", Json.write(v));
  }

  @SuppressWarnings("unchecked")
  private static void config(Map<String, Object> meta, SplittableRandom r) {
    Map<String, Object> c = (Map<String, Object>) Json.parse((String) meta.get("config"));
    String key = pick(List.of("vocab_size", "hidden_size", "layers", "cell", "dtype", "cell_options"), r);
    Object value = switch (key) {
      case "cell" -> pick(List.of(NAMES), r);
      case "dtype" -> pick(List.of("f16", "f64", "f32", "F32", "", "f32\r\nx", "y".repeat(3000)), r);
      case "cell_options" -> Map.of(pick(List.of("activation", "size", "x"), r),
          pick(List.of("relu", "tanh", "-1", "1e9", ""), r));
      default -> INTS[r.nextInt(INTS.length)];
    };
    c.put(key, value);
    meta.put("config", Json.write(c));
  }

  private static void tokenizer(Map<String, Object> meta, SplittableRandom r) {
    if (r.nextBoolean()) {
      meta.put("tokenizer", pick(List.of(NAMES), r));
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) Json.parse((String) meta.get("tokenizer_settings"));
    switch (r.nextInt(4)) {
      case 0: s.remove("merges"); break;
      case 1: s.put("merges", cut((String) s.getOrDefault("merges", "a b"), r)); break;
      case 2: s.put("alphabet", cut((String) s.getOrDefault("alphabet", "ab"), r)); break;
      default: s.put(pick(List.of("vocab-size", "pattern", "lowercase", "x"), r),
          pick(List.of("-5", "0", "[", "\\", "true", "99999999999"), r)); break;
    }
    meta.put("tokenizer_settings", Json.write(s));
  }

  private static String cut(String text, SplittableRandom r) {
    int a = r.nextInt(text.length() + 1);
    int b = a + r.nextInt(text.length() - a + 1);
    return text.substring(0, a) + text.substring(b);
  }

  @SuppressWarnings("unchecked")
  private static void tensor(Map<String, Object> h, SplittableRandom r) {
    List<String> names = new ArrayList<>(h.keySet());
    names.remove("__metadata__");
    String name = pick(names, r);
    Map<String, Object> info = (Map<String, Object>) h.get(name);
    switch (r.nextInt(5)) {
      case 0: shape(info, "shape", r); break;
      case 1: shape(info, "data_offsets", r); break;
      case 2: info.put("dtype", pick(List.of("F16", "BF16", "I64", "F64", "F32"), r)); break;
      case 3: h.put(name + (r.nextBoolean() ? "x" : ""), h.remove(name)); break;
      default: h.remove(name); break;
    }
  }

  private static void shape(Map<String, Object> info, String key, SplittableRandom r) {
    List<Object> dims = new ArrayList<>((List<?>) info.get(key));
    if (dims.isEmpty() || r.nextInt(4) == 0) {
      dims.add(INTS[r.nextInt(INTS.length)]);
    } else {
      dims.set(r.nextInt(dims.size()), INTS[r.nextInt(INTS.length)]);
    }
    info.put(key, dims);
  }

  private static void nonFinite(byte[] data, SplittableRandom r) {
    if (data.length < 8) {
      return;
    }
    int at = r.nextInt(data.length / 4) * 4;
    float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE};
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat(at, bad[r.nextInt(bad.length)]);
  }
}

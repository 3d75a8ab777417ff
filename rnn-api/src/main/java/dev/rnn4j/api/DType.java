package dev.rnn4j.api;

import java.util.Locale;

/** Element type of a {@link Tensor}. float32 is the training default; float64 exists for checks. */
public enum DType {
  /** IEEE 754 binary32, stored in {@code float[]}. */
  F32("f32", 4, "F32"),
  /** IEEE 754 binary64, stored in {@code double[]}. */
  F64("f64", 8, "F64");

  private final String key;
  private final int bytes;
  private final String safetensorsName;

  DType(String key, int bytes, String safetensorsName) {
    this.key = key;
    this.bytes = bytes;
    this.safetensorsName = safetensorsName;
  }

  /** @return the name users write in configuration: {@code f32} or {@code f64} */
  public String key() {
    return key;
  }

  /** @return the size of one element in bytes */
  public int bytes() {
    return bytes;
  }

  /** @return the dtype string of the safetensors format ({@code F32}, {@code F64}) */
  public String safetensorsName() {
    return safetensorsName;
  }

  /**
   * Parses a user-written dtype: {@code f32}, {@code float32}, {@code float}, {@code f64},
   * {@code float64}, {@code double} (any case).
   *
   * @throws RnnException naming the allowed values when {@code text} is none of them
   */
  public static DType parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "f32": case "float32": case "float": return F32;
      case "f64": case "float64": case "double": return F64;
      default:
        throw new RnnException("unknown dtype '" + text + "'; use f32 or f64");
    }
  }
}

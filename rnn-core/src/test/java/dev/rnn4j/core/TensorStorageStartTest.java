package dev.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.core.io.SafeTensors;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.api.HeapAlignment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tensor whose element 0 lies past the start of its array ({@link Tensor#zerosWithStart}): what
 * its accessors, copies, files and serialization do with the start, and that a model's V gets one
 * (the test JVM runs with the launcher's 64-byte object alignment, see this module's pom).
 */
class TensorStorageStartTest {
  private static Tensor counting(DType dtype, int start) {
    Tensor t = Tensor.zerosWithStart(dtype, start, 2, 3);
    for (int i = 0; i < t.size(); i++) {
      t.set(i, i + 1);
    }
    return t;
  }

  @Test
  void elementsLiveAtTheStartPlusTheirIndexAndTheElementsBeforeAreNeverTouched() {
    for (DType dtype : DType.values()) {
      Tensor t = counting(dtype, 5);
      assertEquals(5, t.start());
      assertEquals(6, t.size());
      double[] raw = new double[11];
      for (int i = 0; i < raw.length; i++) {
        raw[i] = dtype == DType.F32 ? t.f32()[i] : t.f64()[i];
      }
      assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6}, raw, dtype.toString());
      if (dtype == DType.F32) {
        t.f32()[0] = 99;
      } else {
        t.f64()[0] = 99;
      }
      t.zero();
      assertEquals(99, dtype == DType.F32 ? t.f32()[0] : t.f64()[0], "zero() left the unused prefix");
      assertArrayEquals(new double[6], t.toDoubleArray());
    }
  }

  @Test
  void copiesAndComparisonsGoByElementsWhereverEachTensorStarts() {
    Tensor shifted = counting(DType.F32, 12);
    Tensor plain = counting(DType.F32, 0);
    assertTrue(shifted.contentEquals(plain) && plain.contentEquals(shifted));
    assertEquals(12, shifted.copy().start(), "a copy keeps the start");
    assertTrue(shifted.copy().contentEquals(plain));
    Tensor wide = shifted.to(DType.F64);
    assertEquals(0, wide.start());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, wide.toDoubleArray());
    Tensor into = Tensor.zerosWithStart(DType.F32, 3, 2, 3);
    into.copyFrom(shifted);
    assertTrue(into.contentEquals(plain));
    plain.copyFrom(Tensor.zerosWithStart(DType.F32, 7, 2, 3));
    assertArrayEquals(new double[6], plain.toDoubleArray());
    assertThrows(RnnException.class, () -> Tensor.zerosWithStart(DType.F32, -1, 2));
    assertThrows(RnnException.class, () -> Tensor.zerosWithStart(DType.F32, 16, Integer.MAX_VALUE - 8));
  }

  @Test
  void aParametersGradientStartsWhereItsValueDoes() {
    Parameter p = new Parameter("V", counting(DType.F64, 6));
    assertEquals(6, p.grad().start());
  }

  @Test
  void serializationAndModelFilesKeepTheValues(@TempDir Path dir) throws Exception {
    Tensor shifted = counting(DType.F64, 6);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(shifted);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      Tensor back = (Tensor) in.readObject();
      assertTrue(back.contentEquals(shifted));
      assertEquals(6, back.start());
    }
    Path file = dir.resolve("t.safetensors");
    SafeTensors.write(file, Map.of("V", counting(DType.F32, 12)), Map.of());
    Tensor read = SafeTensors.read(file).tensors().get("V");
    assertTrue(read.contentEquals(counting(DType.F32, 0)));
    assertEquals(4 * 6, Files.size(file) - 8 - headerLength(file), "only the elements are written");
  }

  private static long headerLength(Path file) throws Exception {
    byte[] head = Files.readAllBytes(file);
    return java.nio.ByteBuffer.wrap(head, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
  }

  @Test
  void aModelsOutputWeightStartsOnACacheLineUnderTheLaunchersAlignment() {
    assertTrue(HeapAlignment.known(), "this module's tests run with -XX:ObjectAlignmentInBytes=64");
    RnnLanguageModel model = TrainerFeaturesTest.model(1);
    Tensor v = model.parameters().stream().filter(p -> p.name().equals("V")).findFirst()
        .orElseThrow().value();
    assertEquals(HeapAlignment.start(DType.F64), v.start());
    assertEquals(6, v.start(), "a float64 V starts at its element 6, 48 bytes past the header");
  }
}

package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.HeapAlignment;
import dev.rnn4j.ops.scalar.PanelMatrix;
import org.junit.jupiter.api.Test;

/**
 * This module's tests run with objects on 64-byte boundaries (pom.xml), as the launcher runs the
 * JVM, so every kernel here reads its packed panels from the offset that puts them on a cache
 * line; the conformance tests then check their results on those offsets.
 */
class AlignedPanelsTest {

  @Test
  void theKernelsReadTheirPackedPanelsFromTheOffsetOfTheFirstCacheLine() {
    assertTrue(HeapAlignment.known(), "the tests should run with -XX:ObjectAlignmentInBytes=64");
    assertEquals(12, FloatBuffers.START);
    assertEquals(6, DoubleBuffers.START);
    PanelMatrix p = PanelMatrix.pack(false, Tensor.zeros(DType.F32, 4 * 5), 0, 5, 4, 5, 64, null);
    assertEquals(12, p.start());
    assertEquals(12, p.data().start());
    assertEquals(64 * 5, p.data().size());
  }
}

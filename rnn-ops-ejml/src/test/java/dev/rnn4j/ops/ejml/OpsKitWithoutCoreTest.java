package dev.rnn4j.ops.ejml;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Runs (with {@link EjmlTensorOpsConformanceTest}) in the surefire execution that leaves {@code
 * rnn-core} off the class path: a backend's author needs only the API, the scalar reference and
 * the kit.
 */
class OpsKitWithoutCoreTest {
  @Test
  void rnnCoreIsNotOnTheClassPath() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.rnn4j.core.plugin.Plugins"));
  }
}

package dev.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.core.check.FixtureComparison;
import dev.rnn4j.core.check.ReferenceComputation;
import dev.rnn4j.core.io.Json;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceFixtureTest {

  @SuppressWarnings("unchecked")
  static Map<String, Object> fixture(String name) throws IOException {
    try (InputStream in = ReferenceFixtureTest.class.getResourceAsStream("/fixtures/" + name + ".json")) {
      return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest(name = "{0} in {1} matches the reference within {2}")
  @CsvSource({
    "rnn_small_grads, F64, 1e-10",
    "rnn_medium_grads, F64, 1e-10",
    "rnn_small_grads, F32, 1e-4",
    "rnn_medium_grads, F32, 1e-4"
  })
  void everyFieldMatchesTheFixture(String name, DType dtype, double tolerance) throws IOException {
    Map<String, Object> fx = fixture(name);
    Map<String, Object> ours = ReferenceComputation.compute(fx, dtype, ScalarTensorOpsProvider.reference());
    List<String> failures = FixtureComparison.compare(fx, ours, tolerance);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }
}

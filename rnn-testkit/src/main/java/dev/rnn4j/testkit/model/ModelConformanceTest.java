package dev.rnn4j.testkit.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.check.FixtureComparison;
import dev.rnn4j.core.check.ReferenceComputation;
import dev.rnn4j.core.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole-model check for a {@link TensorOps} backend: the Elman model computed on the backend
 * reproduces both reference fixtures (loss, per-step losses, states, logits, probabilities, every
 * gradient, the parameters after one SGD step; numbers agreed by numpy and PyTorch) within 1e-10
 * relative in float64 and 1e-4 in float32.
 *
 * <p>Use: in your backend's test folder, {@code class MyModelTest extends ModelConformanceTest {
 * protected TensorOps opsUnderTest() { return new MyProvider().create(Options.empty()); } }}.
 */
public abstract class ModelConformanceTest {
  /** @return the backend under test */
  protected abstract TensorOps opsUnderTest();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> fixture(String name) throws IOException {
    try (InputStream in = ModelConformanceTest.class.getResourceAsStream(
        "/dev/rnn4j/testkit/fixtures/" + name + ".json")) {
      return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest(name = "{0} in {1} within {2}")
  @CsvSource({
    "rnn_small_grads, F64, 1e-10",
    "rnn_medium_grads, F64, 1e-10",
    "rnn_small_grads, F32, 1e-4",
    "rnn_medium_grads, F32, 1e-4"
  })
  void theModelOnThisBackendMatchesTheReferenceFixture(String name, DType dtype, double tolerance)
      throws IOException {
    Map<String, Object> fx = fixture(name);
    Map<String, Object> ours = ReferenceComputation.compute(fx, dtype, opsUnderTest());
    List<String> failures = FixtureComparison.compare(fx, ours, tolerance);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }
}

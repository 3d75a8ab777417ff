package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.ops.TensorOpsProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** With the vector module present: the provider is found, available and validates its options. */
class SimdTensorOpsProviderTest {
  @Test
  void providerIsRegisteredAvailableAndCreatesTheSimdBackend() {
    TensorOpsProvider provider = ServiceLoader.load(TensorOpsProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("simd"))
        .findFirst().orElseThrow();
    assertTrue(provider.isAvailable(), provider.unavailableReason());
    assertEquals("", provider.unavailableReason());
    assertEquals(20, provider.priority());
    TensorOps ops = provider.create(Options.of("threads", "1"));
    assertEquals("simd", ops.name());
  }

  @Test
  void unknownOptionsAndBadThreadCountsAreRejected() {
    SimdTensorOpsProvider provider = new SimdTensorOpsProvider();
    RnnException unknown = assertThrows(RnnException.class,
        () -> provider.create(Options.of("thread", "2")));
    assertTrue(unknown.getMessage().contains("thread"), unknown.getMessage());
    assertThrows(RnnException.class, () -> provider.create(Options.of("threads", "0")));
    assertThrows(RnnException.class, () -> provider.create(Options.of("threads", "many")));
  }
}

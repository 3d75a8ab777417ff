package dev.rnn4j.ops.ejml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOpsProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class EjmlTensorOpsProviderTest {
  @Test
  void providerIsRegisteredAvailableAndCreatesTheEjmlBackend() {
    TensorOpsProvider provider = ServiceLoader.load(TensorOpsProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("ejml"))
        .findFirst().orElseThrow();
    assertTrue(provider.isAvailable());
    assertEquals(10, provider.priority());
    assertEquals("ejml", provider.create(Options.empty()).name());
  }

  @Test
  void unknownOptionsAndBadThreadCountsAreRejected() {
    EjmlTensorOpsProvider provider = new EjmlTensorOpsProvider();
    RnnException e = assertThrows(RnnException.class, () -> provider.create(Options.of("x", "1")));
    assertTrue(e.getMessage().contains("threads"), e.getMessage());
    assertThrows(RnnException.class, () -> provider.create(Options.of("threads", "0")));
  }
}

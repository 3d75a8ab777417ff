package dev.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.plugin.Plugins;
import org.junit.jupiter.api.Test;

class BackendThreadsLimitTest {
  @Test
  void moreThreadsThanTheLimitAreRefusedWithTheLimitNamed() {
    RnnException e = assertThrows(RnnException.class,
        () -> Plugins.defaults().backend("scalar", Options.of("threads", "1000")));
    assertEquals("setting 'threads' of the backend must be at most 256, got 1000", e.getMessage());
  }

  @Test
  void theLimitItselfIsAccepted() {
    assertEquals("scalar", Plugins.defaults().backend("scalar", Options.of("threads", "256")).name());
  }
}

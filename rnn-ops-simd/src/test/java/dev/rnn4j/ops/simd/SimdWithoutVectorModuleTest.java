package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOpsProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Runs in the surefire execution started WITHOUT {@code --add-modules jdk.incubator.vector}: the
 * provider must load, report itself unavailable with the fix, warn exactly once and refuse to
 * create the backend.
 */
class SimdWithoutVectorModuleTest {
  // strong reference: java.util.logging holds loggers weakly
  private static final Logger JUL = Logger.getLogger(SimdTensorOpsProvider.class.getName());

  @Test
  void providerIsUnavailableWarnsOnceAndRefusesToCreate() {
    assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(),
        "this test must run in a JVM started without the vector module");
    List<LogRecord> records = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        records.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    JUL.addHandler(handler);
    try {
      TensorOpsProvider provider = ServiceLoader.load(TensorOpsProvider.class).stream()
          .map(ServiceLoader.Provider::get)
          .filter(p -> p.name().equals("simd"))
          .findFirst().orElseThrow();
      assertEquals(20, provider.priority());
      assertFalse(provider.isAvailable());
      assertFalse(provider.isAvailable());
      assertTrue(provider.unavailableReason().contains("--add-modules jdk.incubator.vector"),
          provider.unavailableReason());
      RnnException e = assertThrows(RnnException.class, () -> provider.create(Options.empty()));
      assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
      assertTrue(e.getMessage().contains("simd"), e.getMessage());
      long warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).count();
      assertEquals(1, warnings, "exactly one WARN, got " + records.size() + " records");
      assertTrue(records.stream().anyMatch(
          r -> r.getMessage().contains("add --add-modules jdk.incubator.vector")));
    } finally {
      JUL.removeHandler(handler);
    }
  }

}

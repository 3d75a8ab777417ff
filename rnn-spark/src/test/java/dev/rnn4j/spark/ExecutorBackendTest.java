package dev.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.ops.TensorOpsProvider;
import dev.rnn4j.core.plugin.PluginRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An executor that lacks the driver's backend computes with the next one and warns: the choice
 * itself, and a Spark run ({@code local[2]}) in a JVM without the vector module whose executors
 * are asked for {@code simd} (in local mode the executors are the driver's JVM, so the request
 * comes from the network spec, as it would from a driver that has the module).
 */
class ExecutorBackendTest {
  record Fake(String name, int priority, String missing) implements TensorOpsProvider {
    @Override
    public boolean isAvailable() {
      return missing == null;
    }

    @Override
    public String unavailableReason() {
      return missing;
    }

    @Override
    public String description() {
      return name;
    }

    @Override
    public TensorOps create(Options options) {
      throw new UnsupportedOperationException("not created in this test");
    }
  }

  private static final PluginRegistry<TensorOpsProvider> BACKENDS = PluginRegistry.of("backend",
      "scalar", List.of(new Fake("scalar", 0, null), new Fake("simd", 20, "jdk.incubator.vector "
          + "is not in the module graph"), new Fake("ejml", 10, null), new Fake("gpu", 30, null)));

  @Test
  void anUnavailableBackendFallsBackToTheNextAvailableOneWithAWarning() {
    List<String> warnings = new ArrayList<>();
    assertEquals("ejml", ExecutorBackend.choose(BACKENDS, "simd", warnings::add));
    assertEquals(1, warnings.size());
    String w = warnings.get(0);
    assertTrue(w.contains("'simd' is not available") && w.contains("jdk.incubator.vector is not "
        + "in the module graph") && w.contains("'ejml' instead")
        && w.contains("--add-modules=jdk.incubator.vector"), w);
  }

  @Test
  @org.junit.jupiter.api.Timeout(value = 90, unit = java.util.concurrent.TimeUnit.SECONDS)
  void anExecutorWithoutTheVectorModuleComputesWithTheNextBackendAndWarns(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    Process p = ChildJvm.start(dir, NoVectorModuleDriver.class, "jdk.incubator.vector");
    assertTrue(p.waitFor(80, java.util.concurrent.TimeUnit.SECONDS), "the driver did not end");
    String out = java.nio.file.Files.readString(ChildJvm.log(dir, NoVectorModuleDriver.class));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("WARN  d.rnn4j.spark.ExecutorBackend - backend 'simd' is not available "
        + "on this executor"), out);
    assertTrue(out.contains("computing with 'scalar' instead"), out);
    assertEquals(1, out.lines().filter(l -> l.contains("'simd' is not available")).count(),
        "one warning per run and JVM");
    assertTrue(out.contains("weights equal the local scalar run's: true"), out);
  }

  @Test
  void anAvailableBackendIsKeptWithoutAWarning() {
    List<String> warnings = new ArrayList<>();
    assertEquals("scalar", ExecutorBackend.choose(BACKENDS, "scalar", warnings::add));
    assertEquals("gpu", ExecutorBackend.choose(BACKENDS, "GPU", warnings::add));
    assertEquals(List.of(), warnings);
  }

  @Test
  void aBackendTheExecutorDoesNotKnowFallsBackToTheBestAvailable() {
    List<String> warnings = new ArrayList<>();
    assertEquals("gpu", ExecutorBackend.choose(BACKENDS, "tpu", warnings::add));
    assertTrue(warnings.get(0).contains("not on the class path"), warnings.get(0));
  }
}

package dev.rnn4j.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.ops.TensorOpsProvider;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import dev.rnn4j.core.plugin.PluginRegistry;
import dev.rnn4j.core.plugin.PluginSelection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginSelectionTest {

  static TensorOpsProvider fake(String name, int priority, boolean available) {
    return new TensorOpsProvider() {
      @Override public String name() { return name; }
      @Override public int priority() { return priority; }
      @Override public boolean isAvailable() { return available; }
      @Override public String unavailableReason() { return available ? "" : "needs a GPU"; }
      @Override public TensorOps create(Options options) { return ScalarTensorOpsProvider.reference(); }
    };
  }

  final PluginRegistry<TensorOpsProvider> registry = PluginRegistry.of("backend", "scalar",
      List.of(new ScalarTensorOpsProvider(), fake("fast", 10, true), fake("gpu", 50, false)));

  @Test
  void automaticChoiceIsTheAvailableProviderWithTheHighestPriority() {
    assertEquals("fast", registry.resolve(null).name());
  }

  @Test
  void aRequestedNameWins() {
    assertEquals("scalar", registry.resolve("SCALAR").name());
  }

  @Test
  void unknownNamesListTheAvailableOnesAndWhyOthersAreNot() {
    RnnException e = assertThrows(RnnException.class, () -> registry.resolve("blas"));
    assertTrue(e.getMessage().contains("unknown backend 'blas'"), e.getMessage());
    assertTrue(e.getMessage().contains("available: fast, scalar"), e.getMessage());
    assertTrue(e.getMessage().contains("gpu (needs a GPU)"), e.getMessage());
  }

  @Test
  void anUnavailableRequestFailsAtOnceWithTheReason() {
    RnnException e = assertThrows(RnnException.class, () -> registry.resolve("gpu"));
    assertTrue(e.getMessage().contains("not available: needs a GPU"), e.getMessage());
  }

  @Test
  void duplicateNamesAreAnError() {
    RnnException e = assertThrows(RnnException.class, () -> PluginRegistry.of("backend", "scalar",
        List.of(fake("x", 1, true), fake("x", 2, true))));
    assertTrue(e.getMessage().contains("two backend providers are named 'x'"), e.getMessage());
  }

  @Test
  void namesComeFromFlagThenConfigThenPropertyThenEnvironment() {
    PluginSelection s = new PluginSelection(k -> k.equals("rnn4j.backend") ? "prop" : null,
        Map.of("RNN4J_BACKEND", "env", "RNN4J_CELL", "gru"));
    assertEquals("flag", s.requestedName("backend", "flag", "config"));
    assertEquals("config", s.requestedName("backend", null, "config"));
    assertEquals("prop", s.requestedName("backend", null, null));
    assertEquals("gru", s.requestedName("cell", null, null));
    assertEquals(null, s.requestedName("optimizer", null, null));
  }

  @Test
  void theClassPathProvidesTheBuiltIns() {
    var plugins = dev.rnn4j.core.plugin.Plugins.defaults();
    assertEquals("scalar", plugins.select(plugins.backends(), "scalar").name());
    assertEquals("elman", plugins.select(plugins.cells(), null).name());
    assertEquals("sgd", plugins.select(plugins.optimizers(), null).name());
    assertEquals("softmax-ce", plugins.select(plugins.losses(), null).name());
  }
}

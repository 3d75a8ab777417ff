package dev.rnn4j.core.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.util.Modules;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.loss.LossProvider;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.OptimizerProvider;
import dev.rnn4j.api.token.TokenizerProvider;
import dev.rnn4j.core.optim.AdamProvider;
import dev.rnn4j.core.plugin.PluginSelection;
import dev.rnn4j.core.plugin.Plugins;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Guice bindings follow the settings, fall back to the selection policy, and yield to
 * overrides. The plugins come from the test class path plus a fake tokenizer, with a selection
 * that ignores the real system properties and environment.
 */
class Rnn4jModuleTest {
  @TempDir Path dir;
  private URLClassLoader loader;

  @BeforeEach
  void addFakeTokenizerToTheClassPath() throws IOException {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(services.resolve(TokenizerProvider.class.getName()), FakeTokenizerProvider.class.getName());
    loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  @AfterEach
  void close() throws IOException {
    loader.close();
  }

  private Plugins plugins(Function<String, String> systemProperties) {
    return new Plugins(loader, new PluginSelection(systemProperties, Map.of()));
  }

  /** The module with its Plugins replaced by the isolated test registries. */
  private Injector injector(Rnn4jSettings settings, Function<String, String> properties, Module... overrides) {
    Plugins plugins = plugins(properties);
    Module withTestPlugins = Modules.override(new Rnn4jModule(settings))
        .with(b -> b.bind(Plugins.class).toInstance(plugins));
    return Guice.createInjector(Modules.override(withTestPlugins).with(overrides));
  }

  @Test
  void theBindingsFollowTheSettings() {
    Rnn4jSettings settings = Rnn4jSettings.defaults()
        .withBackend("scalar", Options.of("threads", "1"))
        .withCell("elman")
        .withOptimizer("adam")
        .withTokenizer("fake-words");
    Injector injector = injector(settings, key -> null);
    assertEquals("scalar", injector.getInstance(TensorOps.class).name());
    assertEquals("elman", injector.getInstance(CellProvider.class).name());
    assertEquals("adam", injector.getInstance(OptimizerProvider.class).name());
    assertEquals("softmax-ce", injector.getInstance(LossProvider.class).name());
    assertEquals("fake-words", injector.getInstance(TokenizerProvider.class).name());
    assertSame(settings, injector.getInstance(Rnn4jSettings.class));
  }

  @Test
  void everyBindingIsASingleton() {
    Injector injector = injector(Rnn4jSettings.defaults(), key -> null);
    for (Class<?> type : new Class<?>[] {TensorOps.class, CellProvider.class, OptimizerProvider.class,
        LossProvider.class, TokenizerProvider.class, Plugins.class}) {
      assertSame(injector.getInstance(type), injector.getInstance(type), type.getSimpleName());
    }
  }

  @Test
  void unsetNamesAreChosenByTheNormalPolicy() {
    // nothing requested: by priority, so sgd and not the lower-ranked optimizers
    assertEquals("sgd", injector(Rnn4jSettings.defaults(), key -> null)
        .getInstance(OptimizerProvider.class).name());
    // nothing requested but the system property rnn4j.optimizer is set: it wins
    Function<String, String> props = key -> key.equals("rnn4j.optimizer") ? "rmsprop" : null;
    assertEquals("rmsprop", injector(Rnn4jSettings.defaults(), props)
        .getInstance(OptimizerProvider.class).name());
    // a name in the settings is a request and beats the property
    assertEquals("adagrad", injector(Rnn4jSettings.defaults().withOptimizer("adagrad"), props)
        .getInstance(OptimizerProvider.class).name());
  }

  @Test
  void anOverrideWins() {
    OptimizerProvider mine = new AdamProvider();
    TensorOps ops = dev.rnn4j.ops.scalar.ScalarTensorOpsProvider.reference();
    Injector injector = injector(Rnn4jSettings.defaults().withOptimizer("sgd"), key -> null,
        b -> b.bind(OptimizerProvider.class).toInstance(mine),
        b -> b.bind(TensorOps.class).toInstance(ops));
    assertSame(mine, injector.getInstance(OptimizerProvider.class));
    assertSame(ops, injector.getInstance(TensorOps.class));
  }

  @Test
  void withoutOverridesTheSharedDefaultPluginsAreBound() {
    Injector injector = Guice.createInjector(new Rnn4jModule(Rnn4jSettings.defaults().withOptimizer("adam")));
    assertSame(Plugins.defaults(), injector.getInstance(Plugins.class));
    assertEquals("adam", injector.getInstance(OptimizerProvider.class).name());
  }

  @Test
  void badNamesAndOptionsFailWithTheMessageOfThePolicy() {
    Injector injector = injector(Rnn4jSettings.defaults().withOptimizer("adamw")
        .withBackend("scalar", Options.of("colour", "red")), key -> null);
    ProvisionException e = assertThrows(ProvisionException.class,
        () -> injector.getInstance(OptimizerProvider.class));
    assertEquals("unknown optimizer 'adamw'; available: sgd, adagrad, adam, rmsprop",
        assertInstanceOf(RnnException.class, e.getCause()).getMessage());
    e = assertThrows(ProvisionException.class, () -> injector.getInstance(TensorOps.class));
    assertEquals("unknown setting 'colour' for backend 'scalar'; allowed: threads",
        assertInstanceOf(RnnException.class, e.getCause()).getMessage());
  }
}

package dev.rnn4j.cli;

import dev.rnn4j.api.plugin.PluginProvider;
import dev.rnn4j.core.Rnn4j;
import dev.rnn4j.core.plugin.PluginRegistry;
import dev.rnn4j.core.plugin.Plugins;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rnn4j env}: the machine, the JVM and every plugin with its availability. */
@Command(name = "env", mixinStandardHelpOptions = true,
    description = "Shows the Java version and VM, the vector support, every plugin of every kind "
        + "(available or not, and why), and which one the current configuration selects.")
final class EnvCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("rnn4j " + Rnn4j.version());
    out.println("java  " + System.getProperty("java.version") + " " + System.getProperty("java.vm.name")
        + " (" + System.getProperty("java.vendor") + "), " + Runtime.getRuntime().availableProcessors()
        + " processors");
    out.println("cpu   " + HostCpu.describe());
    String choice = System.getProperty("rnn4j.java.choice");
    out.println("java home " + System.getProperty("java.home") + (choice == null ? ""
        : " (chosen by the launcher: " + choice + ")"));
    boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    out.println("vector module jdk.incubator.vector: " + (vector ? "present" : "absent (add --add-modules jdk.incubator.vector)"));
    Plugins plugins = Plugins.defaults();
    for (PluginRegistry<? extends PluginProvider> r : plugins.registries()) {
      String selected;
      try {
        selected = plugins.select(r, null).name();
      } catch (dev.rnn4j.api.RnnException e) {
        selected = "none (" + e.getMessage() + ")";
      }
      out.println();
      out.println(r.kind() + " (selected: " + selected + ")");
      for (PluginProvider p : r.all()) {
        out.printf("  %-12s priority %3d  %s%s%n", p.name(), p.priority(),
            p.isAvailable() ? "available" : "unavailable: " + p.unavailableReason(),
            p.description().isEmpty() ? "" : "  - " + p.description());
      }
      for (String f : r.loadFailures()) {
        out.println("  (failed to load: " + f + ")");
      }
    }
    out.flush();
    return 0;
  }
}

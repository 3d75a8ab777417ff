package dev.rnn4j.spark;

import dev.rnn4j.api.ops.TensorOpsProvider;
import dev.rnn4j.api.plugin.PluginProvider;
import dev.rnn4j.core.plugin.PluginRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which backend an executor computes with: the one the driver resolved when it is available in
 * the executor's JVM, else the next one (the available backend of highest priority below it; for
 * a backend the executor does not know at all, the available one of highest priority), with one
 * warning in the executor's log per JVM, run and backend. Such a partition may round differently
 * from the driver's backend, so the weights may then differ from a run on one machine in the last
 * bits; the warning says so and how to fix it. Stateless apart from the warnings already given.
 */
final class ExecutorBackend {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorBackend.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private ExecutorBackend() {}

  /** As {@link #choose(PluginRegistry, String, Consumer)}, warning in the log once per run. */
  static String choose(PluginRegistry<TensorOpsProvider> backends, String requested, String runId) {
    return choose(backends, requested, w -> {
      if (WARNED.add(runId + ":" + requested)) {
        LOG.warn(w);
      }
    });
  }

  /**
   * @param backends the backends of this JVM
   * @param requested the backend the driver resolved
   * @param warn receives the warning when another backend is chosen
   * @return the name of the backend to compute with
   */
  static String choose(PluginRegistry<TensorOpsProvider> backends, String requested,
      Consumer<String> warn) {
    String name = requested.trim().toLowerCase(Locale.ROOT);
    List<TensorOpsProvider> all = backends.all();
    PluginProvider wanted = all.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    if (wanted != null && wanted.isAvailable()) {
      return name;
    }
    for (TensorOpsProvider p : all) {
      if (p.isAvailable() && (wanted == null || p.priority() < wanted.priority())) {
        warn.accept("backend '" + name + "' is not available on this executor ("
            + (wanted == null ? "it is not on the class path" : wanted.unavailableReason())
            + "); computing with '" + p.name() + "' instead, so this executor's shards may round "
            + "differently and the weights may differ in the last bits from a run on one machine; "
            + "fix: " + (name.equals("simd")
                ? "give the executors --add-modules=jdk.incubator.vector "
                    + "(spark.executor.extraJavaOptions)"
                : "put backend '" + name + "' on the executors' class path"));
        return p.name();
      }
    }
    return name; // nothing available below it: creating the network says why
  }
}

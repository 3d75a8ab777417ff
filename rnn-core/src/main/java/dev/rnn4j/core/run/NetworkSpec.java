package dev.rnn4j.core.run;

import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import java.io.Serializable;

/**
 * What a remote worker needs to build the network of a run: the run's configuration as JSON (its
 * backend set to the one the run resolved, so every worker computes with the same kernels) and
 * the vocabulary size. The worker's network has the run's initial weights; it receives the
 * current ones before each update. Immutable; serializable.
 *
 * @param configJson {@link RunConfig#toJson()} of the run, backend resolved
 * @param vocabSize the ids of the run's vocabulary
 */
public record NetworkSpec(String configJson, int vocabSize) implements Serializable {
  /**
   * @return a new network as the run builds it, with the plugins on this JVM's class path
   * @throws dev.rnn4j.api.RnnException when the backend or a plugin is not available here
   */
  public RnnLanguageModel newNetwork() {
    return new RunPlan(config(), Plugins.defaults()).network(vocabSize);
  }

  /** @return the name of the backend the run resolved */
  public String backend() {
    return config().backend();
  }

  /** @return this spec with the backend {@code backend} (a worker that lacks the run's) */
  public NetworkSpec withBackend(String backend) {
    return new NetworkSpec(config().toBuilder().backend(backend).build().toJson(), vocabSize);
  }

  private RunConfig config() {
    return RunConfig.fromJson(configJson, "the run's configuration", RunConfig.defaults());
  }
}

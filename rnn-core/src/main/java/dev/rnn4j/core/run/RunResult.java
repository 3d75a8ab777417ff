package dev.rnn4j.core.run;

import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.train.EpochStats;
import java.nio.file.Path;
import java.util.List;

/**
 * What a finished {@link TrainingRun} produced.
 *
 * @param model the model in memory: the best epoch by validation loss when there is validation
 *     data, otherwise the last epoch
 * @param history every epoch's statistics, the resumed run's earlier epochs included
 * @param folder the run folder on this machine, or null for a run without one or whose folder is
 *     in a {@link RunOutput} (see {@code location})
 * @param modelFile {@code model.safetensors} in {@code folder}, or null without one
 * @param bestEpoch the epoch {@code model} holds
 * @param location the run folder's address (its path, or its address in the {@link RunOutput}),
 *     or null for a run without a folder
 */
public record RunResult(LanguageModel model, List<EpochStats> history, Path folder, Path modelFile,
    int bestEpoch, String location) {

  /** A result whose folder, if any, is on this machine. */
  public RunResult(LanguageModel model, List<EpochStats> history, Path folder, Path modelFile,
      int bestEpoch) {
    this(model, history, folder, modelFile, bestEpoch,
        folder == null ? null : folder.toAbsolutePath().toString());
  }
}

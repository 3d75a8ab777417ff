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
 * @param folder the run folder, or null for a run without one
 * @param modelFile {@code model.safetensors} in the folder, or null without one
 * @param bestEpoch the epoch {@code model} holds
 */
public record RunResult(LanguageModel model, List<EpochStats> history, Path folder, Path modelFile,
    int bestEpoch) {}

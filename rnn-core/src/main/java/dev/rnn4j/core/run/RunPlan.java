package dev.rnn4j.core.run;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.cell.CellSpec;
import dev.rnn4j.api.loss.Loss;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.api.token.TokenizerProvider;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.train.LossReduction;
import dev.rnn4j.core.train.TrainingConfig;
import dev.rnn4j.core.train.schedule.LearningRateSchedule;
import dev.rnn4j.core.train.schedule.Schedules;
import java.util.SplittableRandom;

/**
 * Everything of a run that can be resolved from its configuration alone, before any file is read
 * or written: the backend, every plugin and its options, the schedule and the training settings.
 * Each check fails with a {@link RnnException} naming the setting.
 */
final class RunPlan {
  final RunConfig config;
  final Plugins plugins;
  final TensorOps ops;
  final TokenizerProvider tokenizer;
  final CellProvider cell;
  final Optimizer optimizer;
  final Loss loss;
  final LearningRateSchedule schedule;
  final TrainingConfig training;
  final LossReduction reduction;

  RunPlan(RunConfig c, Plugins plugins) {
    this.config = c;
    this.plugins = plugins;
    this.ops = plugins.backend(c.backend(),
        c.threads() == null ? Options.empty() : Options.of("threads", String.valueOf(c.threads())));
    this.tokenizer = plugins.select(plugins.tokenizers(), c.tokenizer());
    Options tokOptions = Options.of(c.tokenizerOptions());
    tokOptions.requireKnownKeys(tokenizer.optionKeys(), "tokenizer '" + tokenizer.name() + "'");
    if (!tokenizer.isTrainable()) {
      tokenizer.create(tokOptions); // checks the values; the run creates its own after reading
    }
    this.cell = plugins.select(plugins.cells(), c.cell());
    Options cellOptions = Options.of(c.cellOptions());
    cellOptions.requireKnownKeys(cell.optionKeys(), "cell '" + cell.name() + "'");
    cell.create(new CellSpec("probe.", 2, 2, c.dataType(), cellOptions), ops, new SplittableRandom(0));
    if (c.tiedWeights()) { // the shapes allow it only for some cells: find out on a tiny model
      network(Vocabulary.withSpecials(java.util.List.of("a")));
    }
    this.optimizer = plugins.select(plugins.optimizers(), c.optimizer())
        .create(ops, c.effectiveLearningRate(), Options.of(c.optimizerOptions()));
    this.loss = plugins.select(plugins.losses(), null).create(ops, Options.empty());
    this.schedule = Schedules.parse(c.schedule());
    this.reduction = c.lossReduction().equals("mean") ? LossReduction.MEAN : LossReduction.SUM;
    this.training = new TrainingConfig(c.epochs(), c.batch(), c.seed(), c.clipValue(), c.clipNorm(),
        c.bptt(), c.patience());
  }

  /** @return a freshly initialised network for {@code vocab} (seeded by the configuration) */
  RnnLanguageModel network(Vocabulary vocab) {
    return network(vocab.size());
  }

  /** @return a freshly initialised network for a vocabulary of {@code vocabSize} ids */
  RnnLanguageModel network(int vocabSize) {
    ModelConfig mc = new ModelConfig(vocabSize, config.hidden(), config.layers(), cell.name(),
        Options.of(config.cellOptions()), config.dataType())
        .withDropout(config.dropout(), config.variationalDropout())
        .withTiedWeights(config.tiedWeights());
    return new RnnLanguageModel(mc, ops, cell, loss, new SplittableRandom(config.seed()));
  }

  /**
   * Refuses data whose longest sequence would not fit in memory in sentence mode, naming it.
   *
   * @param maxMemory the heap the run may use ({@link Runtime#maxMemory()})
   */
  void checkFits(RunData data, long maxMemory) {
    if (data.longestSteps() == 0) {
      return;
    }
    long steps = config.bptt() > 0 ? Math.min(config.bptt(), data.longestSteps()) : data.longestSteps();
    long perStep = 3L * data.vocabulary().size() + 12L * config.hidden() * config.layers();
    long bytes = steps * config.batch() * perStep * config.dataType().bytes();
    if (bytes > maxMemory / 2) {
      throw new RnnException("the longest sentence (" + data.longestPosition() + ", "
          + (data.longestSteps() - 1) + " tokens) needs about " + (bytes >> 20) + " MB for one batch "
          + "of " + config.batch() + ", more than half the " + (maxMemory >> 20) + " MB of memory; "
          + "train with --mode stream, or cut the gradient with --bptt K (for example 100), "
          + "or split the text into shorter lines");
    }
  }
}

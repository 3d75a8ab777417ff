package dev.rnn4j.examples.readme;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.loss.LossProvider;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.api.optim.OptimizerProvider;
import dev.rnn4j.api.token.TokenizerProvider;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.generate.StepModel;
import dev.rnn4j.core.inject.Rnn4jModule;
import dev.rnn4j.core.inject.Rnn4jSettings;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import java.util.List;

/**
 * The Java examples of README.md besides {@link Quickstart}, each as the README shows it (the
 * README quotes these lines; {@code ReadmeExamplesTest} checks that it still does and runs them).
 */
final class ReadmeExamples {
  private ReadmeExamples() {}

  /** "Using the API", streaming: the distribution after {@code <s> 我}. */
  static double[] streaming(LanguageModel model) {
    RnnLanguageModel net = model.network();
    Vocabulary vocab = model.vocabulary();
    StepModel steps = new StepModel(net);          // one per thread; packs V as it is now
    StepModel.State state = steps.newState();      // one per conversation; state.copy() to branch
    double[] p = new double[steps.vocabSize()];
    steps.next(state, vocab.bosId(), p);           // p = P(first token)
    steps.next(state, vocab.id("我"), p);          // p = P(next | <s> 我)
    return p;
  }

  /** "Dropout and tied weights": the settings of a run. */
  static RunConfig dropout() {
    RunConfig config = RunConfig.builder().corpus("my-text.txt").tokenizer("char").mode("stream")
        .cell("lstm").layers(2).hidden(256)
        .dropout(0.3).variationalDropout(false)   // probability, the same mask at every step
        .tiedWeights(false)                       // elman only (see below)
        .build();
    return config;
  }

  /** "Optimizers": an optimizer with options. */
  static Optimizer adam(TensorOps ops) {
    Plugins plugins = Plugins.defaults();
    Optimizer adam = plugins.select(plugins.optimizers(), "adam")
        .create(ops, 1e-3, Options.of("beta2", "0.98", "weight-decay", "0.01"));
    return adam;
  }

  /** "Wiring", without Guice. */
  static List<Object> withoutGuice() {
    Plugins plugins = Plugins.defaults();
    TensorOps ops = plugins.backend("simd", Options.of("threads", "2"));
    CellProvider cell = plugins.select(plugins.cells(), null);
    OptimizerProvider optimizer = plugins.select(plugins.optimizers(), "adam");
    LossProvider loss = plugins.select(plugins.losses(), null);
    TokenizerProvider tokenizer = plugins.select(plugins.tokenizers(), "chinese");
    return List.of(ops, cell, optimizer, loss, tokenizer);
  }

  /** "Wiring", with Guice. */
  static List<Object> withGuice() {
    Rnn4jSettings settings = Rnn4jSettings.defaults()
        .withBackend("simd", Options.of("threads", "2"))
        .withOptimizer("adam")
        .withTokenizer("chinese");
    Injector injector = Guice.createInjector(new Rnn4jModule(settings));
    TensorOps ops = injector.getInstance(TensorOps.class);
    OptimizerProvider optimizer = injector.getInstance(OptimizerProvider.class);
    OptimizerProvider myOptimizerProvider = Plugins.defaults().optimizers().all().get(3);
    Injector overridden = overridden(settings, myOptimizerProvider);
    return List.of(ops, optimizer, overridden.getInstance(OptimizerProvider.class));
  }

  private static Injector overridden(Rnn4jSettings settings, OptimizerProvider myOptimizerProvider) {
    Injector injector = Guice.createInjector(Modules.override(new Rnn4jModule(settings))
        .with(binder -> binder.bind(OptimizerProvider.class).toInstance(myOptimizerProvider)));
    return injector;
  }
}

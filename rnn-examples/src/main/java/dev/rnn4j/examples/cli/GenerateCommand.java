package dev.rnn4j.examples.cli;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.generate.TextGenerator;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rnn4j generate}: text from a saved model. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generates text from a saved model: greedily (the most probable next token each "
        + "time) or by sampling with a temperature. Each output line is one generated sequence.")
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE",
      description = "The model file written by 'rnn4j train' (.safetensors).")
  Path model;

  @Option(names = {"-p", "--prefix"}, defaultValue = "", paramLabel = "TEXT",
      description = "Text the generated sequence continues (tokenized with the model's tokenizer); "
          + "default: start from <s>.")
  String prefix;

  @Option(names = "--greedy", description = "Always take the most probable next token (the default "
      + "when no --temperature is given).")
  boolean greedy;

  @Option(names = {"-t", "--temperature"}, paramLabel = "T",
      description = "Sample with this temperature (> 0; below 1 safer, above 1 more adventurous).")
  Double temperature;

  @Option(names = {"-n", "--count"}, defaultValue = "1", paramLabel = "N",
      description = "How many sequences to generate (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--max-tokens", defaultValue = "50", paramLabel = "N",
      description = "Stop a sequence after this many tokens if </s> has not come (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
      description = "Seed of the sampling (default: ${DEFAULT-VALUE}); the same seed gives the same text.")
  long seed;

  @Option(names = "--backend", paramLabel = "NAME", description = "Math backend (default: the best available).")
  String backend;

  @Override
  public Integer call() {
    if (count < 1) {
      throw new RnnException("--count must be at least 1, got " + count);
    }
    if (greedy && temperature != null) {
      throw new RnnException("choose either --greedy or --temperature, not both");
    }
    Plugins plugins = Plugins.defaults();
    TensorOps ops = plugins.backend(backend, null, Options.empty());
    LanguageModel lm = ModelFile.load(model, ops, plugins);
    TextGenerator gen = TextGenerator.of(lm, plugins);
    PrintWriter out = spec.commandLine().getOut();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      List<String> tokens = temperature == null
          ? gen.greedy(prefix, maxTokens)
          : gen.sample(prefix, maxTokens, temperature, random);
      List<String> all = new java.util.ArrayList<>(gen.tokenizer().tokenize(prefix));
      all.addAll(tokens);
      out.println(gen.text(all));
    }
    out.flush();
    return 0;
  }
}

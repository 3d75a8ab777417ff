package dev.rnn4j.cli;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.generate.Generator;
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
        + "time), by sampling with a temperature (and top-k / top-p), or by beam search. Each output "
        + "line is one generated sequence; --interactive continues what you type.")
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

  @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
      description = "With --temperature: draw only among the K most probable tokens; 0 = all (default).")
  int topK;

  @Option(names = "--top-p", defaultValue = "1", paramLabel = "P",
      description = "With --temperature: draw only among the most probable tokens whose probabilities sum to P (default 1 = all).")
  double topP;

  @Option(names = "--beam", paramLabel = "WIDTH",
      description = "Beam search of this width: the most probable whole sequence instead of step-by-step choices.")
  Integer beam;

  @Option(names = {"-i", "--interactive"},
      description = "Read prefixes from standard input, one per line, and generate a continuation for each (empty line or EOF ends).")
  boolean interactive;

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

  private String generateOne(TextGenerator gen, String text, Generator.Sampling sampling,
      SplittableRandom random) {
    List<String> tokens = beam != null ? gen.beam(text, maxTokens, beam)
        : sampling == null ? gen.greedy(text, maxTokens)
        : gen.sample(text, maxTokens, sampling, random);
    List<String> all = new java.util.ArrayList<>(gen.tokenizer().tokenize(text));
    all.addAll(tokens);
    return gen.text(all);
  }

  @Override
  public Integer call() {
    if (count < 1) {
      throw new RnnException("--count must be at least 1, got " + count);
    }
    if ((greedy ? 1 : 0) + (temperature != null ? 1 : 0) + (beam != null ? 1 : 0) > 1) {
      throw new RnnException("choose one of --greedy, --temperature and --beam");
    }
    Plugins plugins = Plugins.defaults();
    TensorOps ops = plugins.backend(backend, Options.empty());
    LanguageModel lm = ModelFile.load(model, ops, plugins);
    TextGenerator gen = TextGenerator.of(lm, plugins);
    PrintWriter out = spec.commandLine().getOut();
    SplittableRandom random = new SplittableRandom(seed);
    Generator.Sampling sampling = temperature == null ? null : new Generator.Sampling(temperature, topK, topP);
    if (interactive) {
      java.io.BufferedReader in = new java.io.BufferedReader(
          new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
      while (true) {
        out.print("> ");
        out.flush();
        String line;
        try {
          line = in.readLine();
        } catch (java.io.IOException e) {
          throw new RnnException("cannot read standard input: " + e.getMessage());
        }
        if (line == null || line.isBlank()) {
          break;
        }
        for (int i = 0; i < count; i++) {
          out.println(generateOne(gen, line, sampling, random));
        }
        out.flush();
      }
    } else {
      for (int i = 0; i < count; i++) {
        out.println(generateOne(gen, prefix, sampling, random));
      }
    }
    out.flush();
    return 0;
  }
}

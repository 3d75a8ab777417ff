package dev.rnn4j.examples.cli;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.TokenizerProvider;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.tokenizers.CorpusReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rnn4j train}: a model from a text corpus, one sentence per line. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Trains a recurrent language model on a corpus (one sentence per line, UTF-8; a "
        + "file or a directory of files) and saves it as a .safetensors model file.")
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-c", "--corpus"}, required = true, paramLabel = "PATH",
      description = "The corpus: a UTF-8 text file, or a directory of them, one sentence per line.")
  Path corpus;

  @Option(names = {"-o", "--output"}, defaultValue = "model.safetensors", paramLabel = "FILE",
      description = "Where to write the trained model (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--tokenizer", paramLabel = "NAME",
      description = "How lines become tokens (default: rnn4j.tokenizer, RNN4J_TOKENIZER, or "
          + "whitespace); see 'rnn4j env' for the list.")
  String tokenizer;

  @Option(names = "--tokenizer-option", paramLabel = "KEY=VALUE",
      description = "A tokenizer setting, repeatable (for example graphemes=true for char).")
  Map<String, String> tokenizerOptions = Map.of();

  @Option(names = "--min-count", defaultValue = "1", paramLabel = "N",
      description = "Tokens seen fewer times become <unk> (default: ${DEFAULT-VALUE}).")
  int minCount;

  @Option(names = "--max-vocab", defaultValue = "0", paramLabel = "N",
      description = "Keep at most N tokens, the most frequent, specials included; 0 = no limit "
          + "(default: ${DEFAULT-VALUE}).")
  int maxVocab;

  @Mixin TrainSettings settings;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Plugins plugins = Plugins.defaults();
    TokenizerProvider provider = plugins.choose(plugins.tokenizers(), tokenizer, null);
    List<String> lines;
    try (var sentences = CorpusReader.of(corpus).sentences()) {
      lines = sentences.toList();
    }
    CorpusTraining.Prepared data = CorpusTraining.prepare(lines, provider,
        Options.of(tokenizerOptions), minCount, maxVocab);
    out.printf("corpus %s: %d sentences, %d tokens, vocabulary %d (tokenizer %s)%n", corpus,
        data.sentences().size(), data.tokens(), data.vocabulary().size(), provider.name());
    out.flush();
    LanguageModel model = CorpusTraining.train(data, settings, plugins,
        new ProgressPrinter(out, settings.epochs));
    ModelFile.save(model, output);
    out.println("model saved to " + output);
    out.flush();
    return 0;
  }
}

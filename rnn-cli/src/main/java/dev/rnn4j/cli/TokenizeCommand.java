package dev.rnn4j.cli;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.data.CorpusReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rnn4j tokenize}: shows how a tokenizer splits text. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
    description = "Prints the tokens of each input line separated by single spaces (the texts given "
        + "as arguments, or the lines of --file). A trainable tokenizer (bpe) learns from the input "
        + "first unless its merges are given.")
final class TokenizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--tokenizer", paramLabel = "NAME",
      description = "Tokenizer (default: rnn4j.tokenizer, RNN4J_TOKENIZER, or whitespace); the "
          + "list is in 'rnn4j env'.")
  String tokenizer;

  @Option(names = "--tokenizer-option", paramLabel = "KEY=VALUE",
      description = "A tokenizer setting, repeatable (e.g. graphemes=true, lowercase=true).")
  Map<String, String> options = Map.of();

  @Option(names = "--file", paramLabel = "PATH", description = "Read lines from this UTF-8 file or directory.")
  Path file;

  @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to tokenize.")
  List<String> texts = List.of();

  @Override
  public Integer call() {
    if ((file == null) == texts.isEmpty()) {
      throw new RnnException("give either --file or one or more TEXT arguments");
    }
    Plugins plugins = Plugins.defaults();
    TokenizerProvider provider = plugins.select(plugins.tokenizers(), tokenizer);
    List<String> lines;
    try (Stream<String> in = file != null ? CorpusReader.of(file).sentences() : texts.stream()) {
      lines = in.toList();
    }
    // a trainable tokenizer (bpe) without learned settings learns them from the input itself
    Tokenizer t = provider.isTrainable() && !options.containsKey("merges")
        ? provider.train(lines, Options.of(options))
        : provider.create(Options.of(options));
    PrintWriter out = spec.commandLine().getOut();
    for (String line : lines) {
      out.println(String.join(" ", t.tokenize(line)));
    }
    out.flush();
    return 0;
  }
}

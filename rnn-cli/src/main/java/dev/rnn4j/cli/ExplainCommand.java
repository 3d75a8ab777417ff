package dev.rnn4j.cli;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.cli.report.ExplainReport;
import dev.rnn4j.core.explain.Explainer;
import dev.rnn4j.core.explain.Explanation;
import dev.rnn4j.core.generate.TextGenerator;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rnn4j explain}: what a model expects, holds and remembers along a text. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {"Explains a saved model along a text: prints the table of P(next token | tokens "
        + "so far) with the surprisal (-log2 p, in bits) of each actual next token and the most "
        + "probable alternatives. With --out it also writes, per layer:",
        "  " + ExplainReport.STATES + "-LAYER-PART.png   the state (units x steps; LSTM: h and c)",
        "  " + ExplainReport.GRADIENTS + "-LAYER.png       ||dL_t/ds_k|| for every k <= t (log colour scale)",
        "  " + ExplainReport.LAST_STEP + "-LAYER.png   the same for the last step's loss, as a curve",
        "  " + ExplainReport.HTML + "               all of it in one self-contained page (no network)",
        "The text has at most " + Explainer.MAX_TOKENS + " tokens (the gradients cost grows with "
        + "the square of the length)."})
final class ExplainCommand implements Callable<Integer> {
  /** The largest --file read, in bytes. */
  static final int MAX_FILE_BYTES = 1 << 20;
  /** The largest --top. */
  static final int MAX_TOP = 100;

  @Spec CommandSpec spec;

  @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE",
      description = "The model file written by 'rnn4j train' (.safetensors), or the run folder it is in.")
  Path model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--text", paramLabel = "TEXT", description = "The text to explain.")
    String text;

    @Option(names = "--file", paramLabel = "F",
        description = "A UTF-8 file holding the text to explain (at most 1 MiB).")
    Path file;
  }

  @Option(names = "--top", defaultValue = "5", paramLabel = "K",
      description = "Most probable next tokens listed per step, 1.." + MAX_TOP + " (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Folder for the PNGs and " + ExplainReport.HTML + " (created if missing).")
  Path out;

  @Option(names = "--backend", paramLabel = "NAME", description = "Math backend (default: the best available).")
  String backend;

  @Override
  public Integer call() {
    if (top < 1 || top > MAX_TOP) {
      throw new RnnException("--top must be 1.." + MAX_TOP + ", not " + top);
    }
    String text = input.text != null ? input.text : readText(input.file);
    Plugins plugins = Plugins.defaults();
    TensorOps ops = plugins.backend(backend, Options.empty());
    LanguageModel lm = ModelFile.load(model, ops, plugins);
    Explanation e = Explainer.of(lm, plugins).explain(text, top);
    PrintWriter w = spec.commandLine().getOut();
    printTable(w, e);
    if (out != null) {
      for (Path p : new ExplainReport(e, model.getFileName().toString()).write(out)) {
        w.println("wrote " + p);
      }
    }
    w.flush();
    return 0;
  }

  static void printTable(PrintWriter w, Explanation e) {
    w.printf("%-4s %-12s %-12s %8s %7s   %s%n", "step", "token", "next", "P(next)", "bits",
        "most probable next tokens");
    int t = 0;
    for (TextGenerator.NextToken row : e.positions()) {
      List<String> alts = new ArrayList<>();
      for (TextGenerator.Candidate c : row.alternatives()) {
        alts.add(String.format(Locale.ROOT, "%s %.3f", c.token(), c.probability()));
      }
      w.printf(Locale.ROOT, "%-4d %-12s %-12s %8.4f %7.2f   %s%n", t++, row.current(), row.actual(),
          row.probability(), row.surprisal(), String.join(", ", alts));
    }
  }

  private static String readText(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new RnnException("--file " + file + " is not a readable file");
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new RnnException("--file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw new RnnException("--file " + file + " is not UTF-8 text");
    } catch (IOException e) {
      throw new RnnException("cannot read --file " + file + ": " + e.getMessage(), e);
    }
  }
}

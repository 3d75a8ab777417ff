package dev.rnn4j.cli;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.check.ReferenceComputation;
import dev.rnn4j.core.io.Json;
import dev.rnn4j.core.plugin.Plugins;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rnn4j grads}: everything about one sequence, computed by rnn4j from a fixture's weights. */
@Command(name = "grads", mixinStandardHelpOptions = true,
    description = "Reads a gradient fixture (the format of shared/reference/*.json: params U [n,m], W, V, "
        + "bx, by; x; y; lr), computes the Elman model with rnn4j and prints one JSON object with "
        + "loss, loss_per_step, states, logits, probs, grads (U, W, V, bx, by) and "
        + "params_after_sgd, in the fixture's shapes and layout, to compare with any other "
        + "implementation.")
final class GradsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--fixture", required = true, paramLabel = "FILE.json",
      description = "The fixture to read (only params, x, y and lr are used).")
  Path fixture;

  @Option(names = "--dtype", defaultValue = "f64", paramLabel = "f64|f32",
      description = "Precision of the computation (default: ${DEFAULT-VALUE}).")
  String dtype;

  @Option(names = "--backend", paramLabel = "NAME",
      description = "Math backend (default: rnn4j.backend, RNN4J_BACKEND, or the best available).")
  String backend;

  @Override
  @SuppressWarnings("unchecked")
  public Integer call() {
    String text;
    try {
      text = Files.readString(fixture, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new RnnException("fixture " + fixture + " does not exist");
    } catch (IOException e) {
      throw new RnnException("cannot read " + fixture + ": " + e.getMessage(), e);
    }
    Object parsed;
    try {
      parsed = Json.parse(text);
    } catch (Json.JsonException e) {
      throw new RnnException(fixture + " is not valid JSON: " + e.getMessage());
    }
    if (!(parsed instanceof Map)) {
      throw new RnnException(fixture + " must hold a JSON object");
    }
    TensorOps ops = Plugins.defaults().backend(backend, Options.empty());
    Map<String, Object> out = ReferenceComputation.compute((Map<String, Object>) parsed, DType.parse(dtype), ops);
    spec.commandLine().getOut().println(Json.write(out));
    spec.commandLine().getOut().flush();
    return 0;
  }
}

package dev.rnn4j.examples.cli;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import picocli.CommandLine.Option;

/** The model and training options shared by {@code train} and {@code demo} (a picocli mixin). */
final class TrainSettings {
  @Option(names = "--hidden", defaultValue = "64", paramLabel = "N",
      description = "Hidden units per layer (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--layers", defaultValue = "1", paramLabel = "N",
      description = "Stacked recurrent layers (default: ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--cell", paramLabel = "NAME",
      description = "Recurrent cell (default: rnn4j.cell, RNN4J_CELL, or elman).")
  String cell;

  @Option(names = "--activation", defaultValue = "tanh", paramLabel = "tanh|relu",
      description = "Activation of the elman cell (default: ${DEFAULT-VALUE}).")
  String activation;

  @Option(names = "--lr", defaultValue = "0.02", paramLabel = "RATE",
      description = "Learning rate of SGD (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--epochs", defaultValue = "10", paramLabel = "N",
      description = "Passes over the corpus (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch", defaultValue = "1", paramLabel = "N",
      description = "Sentences per update (default: ${DEFAULT-VALUE}: one update per sentence).")
  int batch;

  @Option(names = "--clip", defaultValue = "0", paramLabel = "V",
      description = "Clamp every gradient element to [-V, V]; 0 = off (default: ${DEFAULT-VALUE}).")
  double clip;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
      description = "Seed of the initial weights and the shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--dtype", defaultValue = "f32", paramLabel = "f32|f64",
      description = "Precision of weights and arithmetic (default: ${DEFAULT-VALUE}).")
  String dtype;

  @Option(names = "--backend", paramLabel = "NAME",
      description = "Math backend (default: rnn4j.backend, RNN4J_BACKEND, or the best available; "
          + "see 'rnn4j env').")
  String backend;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads the backend may use (default: all processors; 1 = no extra threads).")
  Integer threads;

  DType dtype() {
    return DType.parse(dtype);
  }

  Options backendOptions() {
    return threads == null ? Options.empty() : Options.of("threads", String.valueOf(threads));
  }

  Options cellOptions() {
    return "tanh".equals(activation) ? Options.empty() : Options.of("activation", activation);
  }
}

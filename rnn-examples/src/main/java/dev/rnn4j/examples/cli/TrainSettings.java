package dev.rnn4j.examples.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Model and training flags shared by {@code train} and {@code demo} (a picocli mixin). Every flag
 * is optional and, when given, overrides the same key of the configuration file; defaults are
 * those of {@link TrainConfig#defaults()} (shown by {@code rnn4j train --print-config}).
 */
final class TrainSettings {
  @Option(names = "--hidden", paramLabel = "N", description = "Hidden units per layer (default 64).")
  Integer hidden;

  @Option(names = "--layers", paramLabel = "N", description = "Stacked recurrent layers (default 1).")
  Integer layers;

  @Option(names = "--cell", paramLabel = "NAME",
      description = "Recurrent cell: elman, lstm, gru, or a plugin (default elman; also rnn4j.cell, RNN4J_CELL).")
  String cell;

  @Option(names = "--cell-option", paramLabel = "KEY=VALUE",
      description = "A cell setting, repeatable (e.g. activation=relu for elman).")
  Map<String, String> cellOptions;

  @Option(names = "--optimizer", paramLabel = "NAME",
      description = "sgd, adam, adagrad, rmsprop, or a plugin (default sgd).")
  String optimizer;

  @Option(names = "--optimizer-option", paramLabel = "KEY=VALUE",
      description = "An optimizer setting, repeatable (e.g. momentum=0.9, weight-decay=0.01).")
  Map<String, String> optimizerOptions;

  @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default 0.02).")
  Double learningRate;

  @Option(names = "--schedule", paramLabel = "SPEC",
      description = "Learning-rate schedule: constant, step:every=5,gamma=0.5, plateau:patience=1,factor=0.5 (default constant).")
  String schedule;

  @Option(names = "--epochs", paramLabel = "N", description = "Passes over the corpus (default 10).")
  Integer epochs;

  @Option(names = "--batch", paramLabel = "N",
      description = "Sequences per update (default 1); sentences are padded, streams run in parallel.")
  Integer batch;

  @Option(names = "--bptt", paramLabel = "K",
      description = "Truncated BPTT: carry the state but cut gradients every K steps; 0 = full (default 0).")
  Integer bptt;

  @Option(names = "--clip", paramLabel = "V", description = "Clamp every gradient element to [-V, V]; 0 = off (default 0).")
  Double clipValue;

  @Option(names = "--clip-norm", paramLabel = "N",
      description = "Scale the gradients down when their global L2 norm exceeds N; 0 = off (default 0).")
  Double clipNorm;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of weights and shuffling (default 42).")
  Long seed;

  @Option(names = "--dtype", paramLabel = "f32|f64", description = "Precision (default f32).")
  String dtype;

  @Option(names = "--backend", paramLabel = "NAME",
      description = "Math backend (default: rnn4j.backend, RNN4J_BACKEND, or the best available; see 'rnn4j env').")
  String backend;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads the backend may use (default: all processors; 1 = no extra threads).")
  Integer threads;

  /** Copies every flag that was given into {@code flags}. */
  void applyTo(TrainConfig flags) {
    flags.hidden = hidden;
    flags.layers = layers;
    flags.cell = cell;
    flags.cellOptions = cellOptions;
    flags.optimizer = optimizer;
    flags.optimizerOptions = optimizerOptions;
    flags.learningRate = learningRate;
    flags.schedule = schedule;
    flags.epochs = epochs;
    flags.batch = batch;
    flags.bptt = bptt;
    flags.clipValue = clipValue;
    flags.clipNorm = clipNorm;
    flags.seed = seed;
    flags.dtype = dtype;
    flags.backend = backend;
    flags.threads = threads;
  }
}

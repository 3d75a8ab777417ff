package dev.rnn4j.api.cell;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;

/**
 * What a {@link CellProvider} needs to build a cell.
 *
 * @param prefix prepended to parameter names ({@code layers.0.}), so several layers can be saved
 *     in one model file
 * @param inputSize vocabulary size for token input, or the width of dense input rows
 * @param hiddenSize width of the hidden state and outputs
 * @param dtype element type of parameters and activations
 * @param options cell-specific settings (for example {@code activation=relu}); unknown keys are an
 *     error
 */
public record CellSpec(String prefix, int inputSize, int hiddenSize, DType dtype, Options options) {}

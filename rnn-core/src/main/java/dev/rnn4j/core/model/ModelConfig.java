package dev.rnn4j.core.model;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;

/**
 * The architecture of a recurrent language model: {@code vocabSize} one-hot inputs, {@code
 * layers} stacked cells of {@code hiddenSize} units (the first reads token ids, the others the
 * outputs of the layer below), and a softmax output layer {@code o_t = V h_t + b_y} over the
 * vocabulary.
 *
 * @param vocabSize m, the number of tokens including the specials
 * @param hiddenSize n, the width of every layer
 * @param layers the number of stacked cells (1 for the classic Elman model)
 * @param cell the cell provider name ({@code elman})
 * @param cellOptions the cell's options
 * @param dtype the element type of parameters and activations
 * @param dropout the probability in {@code [0, 1)} of dropping a unit of the input of every layer
 *     above the first and of the output of the top layer while training (Zaremba et al. 2014;
 *     inverted: kept units are scaled by {@code 1 / (1 - dropout)}); never applied in evaluation,
 *     validation or generation; 0 = off
 * @param variationalDropout with dropout, one mask per sequence and update, the same at every step
 *     (Gal and Ghahramani 2016); otherwise a fresh mask at every step
 * @param tiedWeights the output weights {@code V} are the first layer's input table (Press and Wolf
 *     2017): one parameter whose gradient sums both uses; needs a cell whose first parameter is
 *     {@code [vocabSize, hiddenSize]} ({@code elman}'s {@code Ut}); the model then has no {@code V}
 */
public record ModelConfig(int vocabSize, int hiddenSize, int layers, String cell,
    Options cellOptions, DType dtype, double dropout, boolean variationalDropout,
    boolean tiedWeights) {

  /** Validates the sizes with messages for users. */
  public ModelConfig {
    if (vocabSize < 2) {
      throw new RnnException("the vocabulary needs at least 2 tokens, got " + vocabSize
          + "; is the corpus empty?");
    }
    if (hiddenSize < 1) {
      throw new RnnException("the hidden size must be at least 1, got " + hiddenSize);
    }
    if (layers < 1) {
      throw new RnnException("the number of layers must be at least 1, got " + layers);
    }
    if (cell == null || cell.isBlank()) {
      throw new RnnException("no cell named; use for example 'elman'");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new RnnException("the dropout probability must be in [0, 1) (0 = off), got " + dropout);
    }
  }

  /** A model without dropout and with separate input and output weights. */
  public ModelConfig(int vocabSize, int hiddenSize, int layers, String cell, Options cellOptions,
      DType dtype) {
    this(vocabSize, hiddenSize, layers, cell, cellOptions, dtype, 0, false, false);
  }

  /** The classic single-layer Elman model with tanh. */
  public static ModelConfig elman(int vocabSize, int hiddenSize, DType dtype) {
    return new ModelConfig(vocabSize, hiddenSize, 1, "elman", Options.empty(), dtype);
  }

  /** @return this configuration with the given dropout settings */
  public ModelConfig withDropout(double probability, boolean variational) {
    return new ModelConfig(vocabSize, hiddenSize, layers, cell, cellOptions, dtype, probability,
        variational, tiedWeights);
  }

  /** @return this configuration with the output weights tied to the input table, or not */
  public ModelConfig withTiedWeights(boolean tied) {
    return new ModelConfig(vocabSize, hiddenSize, layers, cell, cellOptions, dtype, dropout,
        variationalDropout, tied);
  }
}

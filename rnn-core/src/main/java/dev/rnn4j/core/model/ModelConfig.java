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
 */
public record ModelConfig(int vocabSize, int hiddenSize, int layers, String cell,
    Options cellOptions, DType dtype) {

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
  }

  /** The classic single-layer Elman model with tanh. */
  public static ModelConfig elman(int vocabSize, int hiddenSize, DType dtype) {
    return new ModelConfig(vocabSize, hiddenSize, 1, "elman", Options.empty(), dtype);
  }
}

package dev.rnn4j.core.model;

import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.CellWorkspace;

/**
 * Every buffer one {@link RnnLanguageModel} needs for batches of up to {@code maxSteps} steps of
 * {@code batch} sequences: per-layer cell workspaces, the logits, and the gradient scratch.
 * Allocated once and reused, so no allocation happens per step or per batch. Not thread-safe.
 */
public final class ModelWorkspace {
  final CellWorkspace[] layers;
  final Tensor logits;
  final Tensor[] dHidden;
  final int maxSteps;
  final int batch;
  final DropoutMasks dropout;
  final boolean[] recordsStateGradients;
  int steps;

  ModelWorkspace(CellWorkspace[] layers, Tensor logits, Tensor[] dHidden, int maxSteps, int batch,
      DropoutMasks dropout, boolean[] recordsStateGradients) {
    this.recordsStateGradients = recordsStateGradients;
    this.dropout = dropout;
    this.layers = layers;
    this.logits = logits;
    this.dHidden = dHidden;
    this.maxSteps = maxSteps;
    this.batch = batch;
  }

  /** @return the largest number of steps this workspace holds */
  public int maxSteps() {
    return maxSteps;
  }

  /** @return the number of sequences processed together */
  public int batch() {
    return batch;
  }

  /**
   * @return the dropout masks of a training workspace ({@link
   *     RnnLanguageModel#newTrainingWorkspace} of a model with dropout), or null: no dropout
   */
  public DropoutMasks dropout() {
    return dropout;
  }

  /** @return the number of steps of the last forward pass */
  public int steps() {
    return steps;
  }

  /**
   * @return the logits {@code o_t} of the last forward pass, {@code steps * batch} rows of {@code
   *     vocabSize}, time-major; after {@link RnnLanguageModel#loss} they hold probabilities or
   *     gradients
   */
  public Tensor logits() {
    return logits;
  }

  /** @return the outputs (hidden states) of layer {@code layer}, time-major rows of {@code hiddenSize} */
  public Tensor hidden(int layer) {
    return layers[layer].outputs();
  }

  /** @return the state of layer {@code layer} after the last step, {@code batch x stateWidth} */
  public Tensor finalState(int layer) {
    return layers[layer].finalState();
  }

  /**
   * Promises that the model's weights will not change while this workspace is in use (see {@link
   * CellWorkspace#fixWeights()}): the cells may keep packed copies of them between calls.
   */
  public void fixWeights() {
    for (CellWorkspace l : layers) {
      l.fixWeights();
    }
  }

  /**
   * Asks layer {@code layer}'s cell to record the gradient with respect to its state at every step
   * in the following backward passes (see {@link CellWorkspace#recordStateGradients}).
   *
   * @param into {@code maxSteps * batch} rows of the cell's state width, or null to stop
   * @return whether the cell records them ({@link dev.rnn4j.api.cell.Cell#recordsStateGradients})
   */
  public boolean recordStateGradients(int layer, Tensor into) {
    layers[layer].recordStateGradients(into);
    return recordsStateGradients[layer];
  }
}

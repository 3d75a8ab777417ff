package dev.rnn4j.api.cell;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;

/**
 * Buffers of one {@link Cell} for a fixed maximum length and batch size. Cells extend it with
 * their own activations; callers use only the members declared here. Not thread-safe.
 */
public class CellWorkspace {
  private final int maxSteps;
  private final int batch;
  private final Tensor outputs;
  private final Tensor finalState;
  private boolean weightsFixed;
  private Tensor stateGradients;
  private double backwardStep = Double.NaN;

  /**
   * @param dtype the cell's dtype
   * @param maxSteps the largest number of steps a forward pass may use
   * @param batch the number of sequences processed together
   * @param hidden the cell's output width
   * @param stateWidth the cell's state entries per sequence
   */
  protected CellWorkspace(DType dtype, int maxSteps, int batch, int hidden, int stateWidth) {
    if (maxSteps < 1 || batch < 1) {
      throw new IllegalArgumentException("maxSteps and batch must be >= 1");
    }
    this.maxSteps = maxSteps;
    this.batch = batch;
    this.outputs = Tensor.zeros(dtype, maxSteps * batch, hidden);
    this.finalState = Tensor.zeros(dtype, batch, stateWidth);
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
   * @return the outputs of the last forward pass, {@code maxSteps * batch} rows of {@code hidden},
   *     time-major; only the first {@code steps * batch} rows are meaningful
   */
  public Tensor outputs() {
    return outputs;
  }

  /** @return the state after the last step of the last forward pass, {@code batch x stateWidth} */
  public Tensor finalState() {
    return finalState;
  }

  /**
   * Promises that the cell's weights will not change while this workspace is in use, so the cell
   * may keep copies derived from them (weights packed for faster products) from one call to the
   * next. {@code StepModel} does this for generation, where each call is one step.
   */
  public void fixWeights() {
    weightsFixed = true;
  }

  /** @return whether {@link #fixWeights()} was called */
  public boolean weightsFixed() {
    return weightsFixed;
  }

  /**
   * Asks the cell to record, in the following backward passes on this workspace, the gradient of
   * the loss with respect to the state carried out of every step: row {@code t * batch + b} of
   * {@code into} ({@link Cell#stateWidth()} wide, at least {@code maxSteps * batch} rows, laid out
   * as the state) receives the gradient of the loss with respect to the state step t passes on
   * (the output h_t, read by the output layer, the layer above and step t+1, with the total through
   * all of them; a carried part that is not the output, like LSTM's c_t, only through step t+1:
   * each entry is the partial derivative with the other entries held fixed). Only cells whose {@link Cell#recordsStateGradients()} is true
   * write it. Explanations use it to show how gradients fade back in time.
   *
   * @param into the record (overwritten row by row during backward), or null to stop recording
   */
  public void recordStateGradients(Tensor into) {
    stateGradients = into;
  }

  /** @return the tensor given to {@link #recordStateGradients}, or null: do not record */
  public Tensor stateGradientRecord() {
    return stateGradients;
  }

  /**
   * Asks the cell to apply a plain gradient step to its {@link Cell#parametersSteppedInBackward()}
   * in the following backward passes on this workspace: {@code value += step * gradient}, added by
   * the product that computes the gradient, which is not stored (their {@link
   * dev.rnn4j.api.Parameter#grad()} is left alone). For plain SGD without clipping, where nothing
   * else reads those gradients; a cell whose list is empty ignores the request.
   *
   * @param step the factor of the gradient (minus the learning rate), or NaN to stop stepping and
   *     add the gradients to {@code grad()} again
   */
  public void stepInBackward(double step) {
    backwardStep = step;
  }

  /** @return the step given to {@link #stepInBackward}, or NaN: add the gradients to grad() */
  public double backwardStep() {
    return backwardStep;
  }
}

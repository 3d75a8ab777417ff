package dev.rnn4j.core.train;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import java.util.Arrays;
import java.util.List;

/**
 * Computes the summed gradient of one canonical shard of a {@link ShardBatch} on a model with the
 * weights of the update: forward over the shard's columns from their initial states, the loss,
 * its gradient times {@link ShardBatch#lossScale()}, and back-propagation, into fresh arrays. The
 * model's own gradients are overwritten, its weights only read. Not thread-safe: one computer (and
 * model) per thread.
 */
public final class ShardComputer {
  private final RnnLanguageModel model;
  private final java.util.Map<Integer, ModelWorkspace> workspaces = new java.util.HashMap<>();

  /** @param model the model whose weights are used and whose gradients are overwritten */
  public ShardComputer(RnnLanguageModel model) {
    this.model = model;
  }

  /** @return the model this computer works on */
  public RnnLanguageModel model() {
    return model;
  }

  /**
   * Copies the weights of {@code source}, a model of the same architecture, into this computer's
   * model (the weights of the update it computes next).
   */
  public void copyWeightsFrom(RnnLanguageModel source) {
    List<Parameter> from = source.parameters();
    List<Parameter> to = model.parameters();
    for (int i = 0; i < from.size(); i++) {
      to.get(i).value().copyFrom(from.get(i).value());
    }
  }

  /** @return the sum of shard {@code shard} of {@code batch}, a leaf of the {@link ShardTree} */
  public ShardSum compute(ShardBatch batch, int shard) {
    int from = batch.layout().from(shard);
    int width = batch.layout().to(shard) - from;
    int steps = batch.steps();
    int[] inputs = new int[steps * width];
    int[] targets = new int[steps * width];
    long tokens = 0;
    for (int t = 0; t < steps; t++) {
      System.arraycopy(batch.inputs(), t * batch.batch() + from, inputs, t * width, width);
      System.arraycopy(batch.targets(), t * batch.batch() + from, targets, t * width, width);
    }
    for (int target : targets) {
      tokens += target >= 0 ? 1 : 0;
    }
    ModelWorkspace w = workspace(steps, width);
    if (w.dropout() != null) {
      w.dropout().drawColumns(Trainer.dropoutRandom(batch.dropoutSeed(), batch.step()), steps,
          batch.batch(), from);
    }
    model.zeroGrad();
    model.forward(w, inputs, 0, steps, rows(batch.initialStates(), from, width));
    double loss = model.loss(w, targets, 0, null, true);
    if (Double.isFinite(loss)) {
      if (batch.lossScale() != 1) {
        model.scaleLossGradient(w, batch.lossScale());
      }
      model.backward(w, inputs, 0);
    }
    List<Parameter> params = model.parameters();
    Tensor[] gradients = new Tensor[params.size()];
    int[][] touched = new int[params.size()][];
    for (int i = 0; i < gradients.length; i++) {
      Parameter p = params.get(i);
      gradients[i] = p.grad().copy();
      int[] r = p.gradientRows();
      if (r != null) {
        Arrays.sort(r);
      }
      touched[i] = r;
    }
    Tensor[] states = new Tensor[model.config().layers()];
    for (int l = 0; l < states.length; l++) {
      int stateWidth = model.cell(l).stateWidth();
      states[l] = Tensor.zeros(model.config().dtype(), width, stateWidth);
      Tensor fin = w.finalState(l);
      for (int i = 0; i < width * stateWidth; i++) {
        states[l].set(i, fin.get(i));
      }
    }
    return new ShardSum(shard, loss, tokens, gradients, touched, states);
  }

  private ModelWorkspace workspace(int steps, int width) {
    ModelWorkspace ws = workspaces.get(width);
    if (ws == null || ws.maxSteps() < steps) {
      ws = model.newTrainingWorkspace(Math.max(steps, ws == null ? 0 : ws.maxSteps()), width);
      workspaces.put(width, ws);
    }
    return ws;
  }

  /** @return rows {@code [from, from + width)} of each state, or null for zero states */
  private static Tensor[] rows(Tensor[] states, int from, int width) {
    if (states == null) {
      return null;
    }
    Tensor[] out = new Tensor[states.length];
    for (int l = 0; l < states.length; l++) {
      int stateWidth = states[l].size() / states[l].dim(0);
      out[l] = Tensor.zeros(states[l].dtype(), width, stateWidth);
      for (int i = 0; i < width * stateWidth; i++) {
        out[l].set(i, states[l].get(from * stateWidth + i));
      }
    }
    return out;
  }
}

package dev.rnn4j.core.train;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link RnnLanguageModel} on sentences of token ids.
 *
 * <p>Each sentence {@code w_1 .. w_k} becomes the input {@code <s> w_1 .. w_k} and the target
 * {@code w_1 .. w_k </s>}. Every epoch shuffles the sentences with a generator seeded from {@link
 * TrainingConfig#seed()} and the epoch number, groups them into batches (padded on the right; the
 * padding contributes neither loss nor gradient), and per batch: zeroes the gradients, runs
 * forward, loss and BPTT (gradients of shared parameters summed over all steps), optionally clips,
 * and lets the optimizer update the weights. The same seed, data, backend and thread count give
 * the same weights, bit for bit.
 *
 * <p>A NaN or infinite loss stops training with a {@link RnnException} that suggests a remedy.
 * Not thread-safe.
 */
public final class Trainer {
  private final RnnLanguageModel model;
  private final Optimizer optimizer;
  private final TrainingConfig config;
  private final int bos;
  private final int eos;

  /**
   * @param bos the id of {@code <s>}
   * @param eos the id of {@code </s>}
   */
  public Trainer(RnnLanguageModel model, Optimizer optimizer, TrainingConfig config, int bos, int eos) {
    this.model = model;
    this.optimizer = optimizer;
    this.config = config;
    this.bos = bos;
    this.eos = eos;
  }

  /**
   * Trains for {@link TrainingConfig#epochs()} epochs.
   *
   * @param sentences token ids without {@code <s>}/{@code </s>}; ids must lie in the vocabulary
   * @return the statistics of every epoch
   * @throws RnnException if there are no sentences, an id is out of range, or the loss diverges
   */
  public List<EpochStats> fit(List<int[]> sentences, TrainingListener listener) {
    checkData(sentences);
    int batch = Math.min(config.batchSize(), sentences.size());
    int maxLen = 0;
    for (int[] s : sentences) {
      maxLen = Math.max(maxLen, s.length + 1);
    }
    ModelWorkspace ws = model.newWorkspace(maxLen, batch);
    int[] inputs = new int[maxLen * batch];
    int[] targets = new int[maxLen * batch];
    int[] order = new int[sentences.size()];
    int stepsPerEpoch = (order.length + batch - 1) / batch;
    List<EpochStats> history = new ArrayList<>();
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      long start = System.nanoTime();
      shuffle(order, new SplittableRandom(config.seed() * 1_000_003L + epoch));
      double total = 0;
      long tokens = 0;
      for (int step = 0; step < stepsPerEpoch; step++) {
        int steps = fillBatch(sentences, order, step * batch, batch, inputs, targets);
        int count = 0;
        for (int i = 0; i < steps * batch; i++) {
          count += targets[i] >= 0 ? 1 : 0;
        }
        double loss = trainBatch(ws, inputs, targets, steps);
        if (!Double.isFinite(loss)) {
          throw new RnnException("training diverged: the loss became " + loss + " in epoch " + epoch
              + ", update " + (step + 1) + "; lower the learning rate (now " + optimizer.learningRate()
              + ") or clip the gradients (for example a clip value of 5)");
        }
        total += loss;
        tokens += count;
        listener.onStep(epoch, step + 1, stepsPerEpoch, loss, count);
      }
      EpochStats stats = new EpochStats(epoch, total / tokens, tokens, (System.nanoTime() - start) / 1e9);
      history.add(stats);
      listener.onEpoch(stats);
    }
    return history;
  }

  /** One update on a prepared batch; returns the summed loss. */
  double trainBatch(ModelWorkspace ws, int[] inputs, int[] targets, int steps) {
    model.zeroGrad();
    model.forward(ws, inputs, 0, steps, null);
    double loss = model.loss(ws, targets, 0, null, true);
    if (!Double.isFinite(loss)) {
      return loss;
    }
    model.backward(ws, inputs, 0);
    clip(model.parameters(), model.ops());
    optimizer.step(model.parameters());
    return loss;
  }

  private void clip(List<Parameter> params, TensorOps ops) {
    if (config.clipValue() > 0) {
      for (Parameter p : params) {
        ops.clip(p.grad().size(), -config.clipValue(), config.clipValue(), p.grad(), 0);
      }
    }
    if (config.clipNorm() > 0) {
      double sq = 0;
      for (Parameter p : params) {
        sq += ops.sumOfSquares(p.grad().size(), p.grad(), 0);
      }
      double norm = Math.sqrt(sq);
      if (norm > config.clipNorm()) {
        double scale = config.clipNorm() / norm;
        for (Parameter p : params) {
          ops.scale(p.grad().size(), scale, p.grad(), 0);
        }
      }
    }
  }

  /**
   * Lays out sentences {@code order[from .. from+batch)} time-major with right padding (-1);
   * missing sentences at the end of an epoch are all padding. Returns the number of steps.
   */
  private int fillBatch(List<int[]> sentences, int[] order, int from, int batch, int[] inputs,
      int[] targets) {
    int steps = 0;
    for (int b = 0; b < batch && from + b < order.length; b++) {
      steps = Math.max(steps, sentences.get(order[from + b]).length + 1);
    }
    Arrays.fill(inputs, 0, steps * batch, -1);
    Arrays.fill(targets, 0, steps * batch, -1);
    for (int b = 0; b < batch && from + b < order.length; b++) {
      int[] s = sentences.get(order[from + b]);
      for (int t = 0; t <= s.length; t++) {
        inputs[t * batch + b] = t == 0 ? bos : s[t - 1];
        targets[t * batch + b] = t == s.length ? eos : s[t];
      }
    }
    return steps;
  }

  private static void shuffle(int[] order, SplittableRandom random) {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
  }

  private void checkData(List<int[]> sentences) {
    if (sentences.isEmpty()) {
      throw new RnnException("the corpus has no sentences to train on; check the file and the tokenizer");
    }
    int m = model.config().vocabSize();
    for (int[] s : sentences) {
      for (int id : s) {
        if (id < 0 || id >= m) {
          throw new RnnException("token id " + id + " is outside the vocabulary [0, " + m + ")");
        }
      }
    }
  }
}

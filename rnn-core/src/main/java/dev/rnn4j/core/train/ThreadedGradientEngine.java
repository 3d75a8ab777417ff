package dev.rnn4j.core.train;

import dev.rnn4j.core.model.RnnLanguageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The in-process {@link GradientEngine} that computes the shards of a batch on several threads at
 * once, each on a network of its own: thread {@code i} of {@code n} computes shards {@code i, i +
 * n, i + 2n, ...}, after copying the trained model's weights into its network. The shard sums are
 * combined by the {@link ShardTree}, so the gradient is the one {@link LocalGradientEngine} gives
 * on such a network, whatever the thread count and timing.
 *
 * <p>This parallelizes training with a batch over whole sequences: each thread runs the forward
 * and backward passes of its shards with no synchronization per time step. The networks should
 * use a backend with one thread (the threads are this engine's); {@link
 * dev.rnn4j.core.run.TrainingRun} builds them so. The trained model's weights are only read.
 * Called by one thread, once per update; {@link #close} stops the threads.
 */
public final class ThreadedGradientEngine implements GradientEngine {
  private final Supplier<RnnLanguageModel> networks;
  private final int threads;
  private final List<ShardComputer> computers = new ArrayList<>();
  private ExecutorService pool;

  /**
   * @param networks makes the network of one thread (the run's architecture and backend, one
   *     backend thread); called at most {@code threads} times, on first use
   * @param threads the threads to compute on, at least 1
   */
  public ThreadedGradientEngine(Supplier<RnnLanguageModel> networks, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.networks = Objects.requireNonNull(networks, "networks");
    this.threads = threads;
  }

  @Override
  public ShardSum compute(RnnLanguageModel model, ShardBatch batch) {
    int shards = batch.layout().shards();
    int used = Math.min(threads, shards);
    while (computers.size() < used) {
      computers.add(new ShardComputer(networks.get()));
    }
    if (pool == null && used > 1) {
      pool = Executors.newFixedThreadPool(threads - 1, r -> {
        Thread t = new Thread(r, "rnn4j-shards");
        t.setDaemon(true);
        return t;
      });
    }
    List<Future<ShardTree>> parts = new ArrayList<>();
    for (int i = 1; i < used; i++) {
      int first = i;
      parts.add(pool.submit(() -> computeEvery(model, batch, first, used)));
    }
    ShardTree tree;
    try {
      tree = computeEvery(model, batch, 0, used);
    } finally {
      for (Future<ShardTree> p : parts) {
        try {
          p.get(); // waits for every part before an error leaves this method
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
          // rethrown below
        }
      }
    }
    for (Future<ShardTree> p : parts) {
      tree.merge(join(p));
    }
    return tree.root();
  }

  /** Shards {@code first, first + step, ...} on computer {@code first}, into a tree of their own. */
  private ShardTree computeEvery(RnnLanguageModel model, ShardBatch batch, int first, int step) {
    ShardComputer computer = computers.get(first);
    computer.copyWeightsFrom(model);
    ShardTree tree = new ShardTree(batch.layout().shards());
    for (int s = first; s < batch.layout().shards(); s += step) {
      tree.add(computer.compute(batch, s));
    }
    return tree;
  }

  private static ShardTree join(Future<ShardTree> part) {
    try {
      return part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while computing shards", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
  }
}

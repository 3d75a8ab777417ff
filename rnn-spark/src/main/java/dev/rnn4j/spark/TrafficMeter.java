package dev.rnn4j.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Counts what the update jobs of one engine move, from Spark's task metrics: the bytes of the
 * task results sent to the driver (the gradient shares) and the shuffle bytes written between
 * executors (sentences' ids on their way to their shards). An update job is one started while
 * the local property {@link #PROPERTY} holds the engine's id. Events arrive on Spark's listener
 * bus, so counts read right after a job may miss its last tasks. Thread-safe.
 */
final class TrafficMeter extends SparkListener {
  /** The local property that marks a job as one of an engine's updates. */
  static final String PROPERTY = "rnn4j.engine";
  final AtomicLong results = new AtomicLong();
  final AtomicLong shuffle = new AtomicLong();
  private final String engine;
  private final Map<Integer, Boolean> stages = new ConcurrentHashMap<>();

  /** @param engine the engine's id, the value of {@link #PROPERTY} during its update jobs */
  TrafficMeter(String engine) {
    this.engine = engine;
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    if (start.properties() != null && engine.equals(start.properties().getProperty(PROPERTY))) {
      scala.collection.Iterator<Object> ids = start.stageIds().iterator();
      while (ids.hasNext()) {
        stages.put((Integer) ids.next(), Boolean.TRUE);
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    TaskMetrics m = end.taskMetrics();
    if (m != null && stages.containsKey(end.stageId())) {
      results.addAndGet(m.resultSize());
      shuffle.addAndGet(m.shuffleWriteMetrics().bytesWritten());
    }
  }
}

package dev.rnn4j.cli;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.TrainingRun;
import dev.rnn4j.spark.SparkTraining;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code rnn4j train --spark MASTER}: a Spark context for one run and the run on it. Loaded only
 * with {@code --spark} (see {@link #check}), so the command line works without Spark on the
 * class path. The context stops when this closes.
 */
final class SparkSession implements AutoCloseable {
  /** The value of a bare {@code --spark}: the master comes from spark-submit. */
  static final String FROM_SUBMIT = "from-submit";
  private final JavaSparkContext sc;
  private final SparkTraining training;

  private SparkSession(String master, Integer partitions) {
    SparkConf conf = new SparkConf().setAppName("rnn4j train")
        .set("spark.ui.showConsoleProgress", "false");
    if (!FROM_SUBMIT.equals(master)) {
      conf.setMaster(master);
    }
    if (conf.get("spark.master", "").startsWith("local")) {
      conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
          .set("spark.ui.enabled", "false");
    }
    this.sc = new JavaSparkContext(conf);
    this.training = new SparkTraining(sc, partitions == null ? sc.defaultParallelism() : partitions);
  }

  /** @throws RnnException when Spark is not on the class path, saying how to get it */
  static void check() {
    try {
      Class.forName("org.apache.spark.SparkConf", false, SparkSession.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new RnnException("--spark needs Apache Spark on the class path: ./rnn4j adds it "
          + "(rnn-cli/target/spark-lib); on a cluster start the spark jar with spark-submit");
    }
  }

  static SparkSession start(String master, Integer partitions) {
    if (partitions != null && partitions < 1) {
      throw new RnnException("--partitions must be at least 1, got " + partitions);
    }
    check();
    checkReachable(master);
    return new SparkSession(master, partitions);
  }

  /**
   * Refuses a standalone master ({@code spark://host:port}, several separated by commas) none of
   * whose addresses accepts a connection within 3 seconds, before Spark would retry it for about
   * a minute.
   */
  static void checkReachable(String master) {
    if (master == null || !master.startsWith("spark://")) {
      return;
    }
    String reason = "no address";
    for (String hostPort : master.substring("spark://".length()).split(",")) {
      int colon = hostPort.lastIndexOf(':');
      try {
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1));
        try (java.net.Socket socket = new java.net.Socket()) {
          socket.connect(new java.net.InetSocketAddress(host, port), 3000);
          return;
        }
      } catch (NumberFormatException e) {
        reason = "'" + hostPort + "' has no port number";
      } catch (java.io.IOException | IllegalArgumentException e) {
        reason = e.getMessage() == null ? e.toString() : e.getMessage();
      }
    }
    throw new RnnException("cannot reach the Spark master " + master + " (" + reason
        + "); check its address and that it is running");
  }

  TrainingRun create(RunConfig config) {
    return training.create(config);
  }

  TrainingRun resume(String folder, Map<String, Object> changes) {
    return training.resume(folder, changes);
  }

  /**
   * @return {@code e}, or when Spark has stopped the application under it (a master that cannot
   *     be reached: Spark gives up after its retries), one message saying so
   */
  RuntimeException explain(Exception e) {
    if (!sc.sc().isStopped()) {
      return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
    return new RnnException("Spark stopped the application: the master '" + sc.master()
        + "' cannot be reached or ended it (see Spark's messages above); nothing was trained "
        + "after the last checkpoint of the run folder, if one was written");
  }

  @Override
  public void close() {
    sc.close();
  }
}

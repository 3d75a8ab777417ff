package dev.rnn4j.spark;

import dev.rnn4j.core.run.RunListener;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A Spark driver for {@link DriverKillTest}, started in a JVM of its own: trains {@link
 * DriverKillTest#config} on {@code local[2]} into a {@code file://} run folder, slowed by a pause
 * after every update so that the test can kill it in the middle. Arguments: corpus, runs (both
 * {@code file://} addresses).
 */
final class KilledDriver {
  private KilledDriver() {}

  public static void main(String[] args) throws Exception {
    try (JavaSparkContext sc = SparkTestContext.start()) {
      new SparkTraining(sc, 2).create(DriverKillTest.config(args[0], args[1]))
          .listener(new RunListener() {
            @Override
            public void onStep(int epoch, int step, int stepsPerEpoch, double loss, int tokens) {
              try {
                Thread.sleep(200);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }).run();
    }
  }
}

package dev.rnn4j.spark;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** One Spark context in local mode on loopback for a test class, and a small corpus and setup. */
final class SparkTestContext {
  private SparkTestContext() {}

  /** {@code local[2,2]}: two task threads, and a failed task is tried once more. */
  static JavaSparkContext start() {
    SparkConf conf = new SparkConf().setMaster("local[2,2]").setAppName("rnn4j-test")
        .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false");
    return new JavaSparkContext(conf);
  }

  static List<String> lines(int count, long seed) {
    String[] words = {"the", "cat", "sat", "on", "a", "mat", "dog", "ran", "to", "big", "red", "sun"};
    SplittableRandom r = new SplittableRandom(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder b = new StringBuilder();
      int n = 2 + r.nextInt(8);
      for (int j = 0; j < n; j++) {
        b.append(j == 0 ? "" : " ").append(words[r.nextInt(r.nextInt(words.length) + 1)]);
      }
      out.add(b.toString());
    }
    return out;
  }

  static RunConfig.Builder config() {
    return RunConfig.builder().tokenizer("whitespace").cell("lstm").hidden(8).layers(2)
        .batch(8).shards(8).epochs(2).backend("scalar").threads(1).seed(7).dropout(0.2);
  }

  static boolean sameWeights(RunResult a, RunResult b) {
    List<Parameter> pa = a.model().network().parameters();
    List<Parameter> pb = b.model().network().parameters();
    for (int i = 0; i < pa.size(); i++) {
      if (!pa.get(i).value().contentEquals(pb.get(i).value())) {
        return false;
      }
    }
    return pa.size() == pb.size();
  }
}

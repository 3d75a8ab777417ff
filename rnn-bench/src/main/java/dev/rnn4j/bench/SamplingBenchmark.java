package dev.rnn4j.bench;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.generate.Generator;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sampled generation of 20 tokens from a c-shaped Elman model (10,000 words, 256 hidden, float32,
 * simd, one thread): with the temperature alone, with top-k 40, and with top-p 0.9. V is the
 * initialised one times {@code sharpness}: 1 gives nearly flat distributions (top-p 0.9 then needs
 * most of the vocabulary), 30 peaked ones as a trained model gives. Run: {@code java -jar
 * rnn-bench/target/benchmarks.jar SamplingBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SamplingBenchmark {
  @Param({"temperature", "top-k-40", "top-p-0.9"})
  public String sampling;

  @Param({"1", "30"})
  public double sharpness;

  private Generator generator;
  private Generator.Sampling settings;
  private long seed;

  @Setup
  public void setUp() {
    TensorOps ops = Backends.create("simd", 1);
    Plugins plugins = Plugins.defaults();
    RnnLanguageModel net = new RnnLanguageModel(
        new ModelConfig(10000, 256, 1, "elman", Options.empty(), DType.F32), ops,
        plugins.select(plugins.cells(), "elman"),
        plugins.select(plugins.losses(), null).create(ops, Options.empty()),
        new SplittableRandom(1));
    ops.scale(10000 * 256, sharpness, net.parameter("V").value(), 0);
    generator = new Generator(net, -1);
    settings = switch (sampling) {
      case "top-k-40" -> new Generator.Sampling(1, 40, 1);
      case "top-p-0.9" -> new Generator.Sampling(1, 0, 0.9);
      default -> new Generator.Sampling(1, 0, 1);
    };
  }

  @Benchmark
  public int[] sample20() {
    return generator.sample(new int[] {0}, 20, settings, new SplittableRandom(seed++));
  }
}

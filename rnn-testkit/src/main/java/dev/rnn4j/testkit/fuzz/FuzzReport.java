package dev.rnn4j.testkit.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Fuzzer} run found: per target, how many inputs were accepted, refused with the
 * documented error, and the slowest one; and every finding. Immutable.
 *
 * @param seed the run's seed
 * @param inputs the number of inputs run
 * @param seconds the wall-clock time of the run
 * @param targets the statistics of each target, in run order
 * @param findings the inputs that broke a rule (at most {@link Fuzzer#MAX_FINDINGS} kept)
 * @param findingCount every finding, also those not kept
 */
public record FuzzReport(long seed, long inputs, double seconds, List<TargetStats> targets,
    List<Finding> findings, long findingCount) {

  /** Copies the lists. */
  public FuzzReport {
    targets = List.copyOf(targets);
    findings = List.copyOf(findings);
  }

  /**
   * @param name the target
   * @param inputs inputs run on it
   * @param accepted inputs that ran without error
   * @param refused inputs refused with the documented error
   * @param slowestMillis the longest time one input took (CPU time of the thread, see {@link Fuzzer})
   * @param slowestWallMillis the longest wall-clock time one input took
   */
  public record TargetStats(String name, long inputs, long accepted, long refused,
      double slowestMillis, double slowestWallMillis) {}

  /**
   * An input that broke a rule.
   *
   * @param target the target's name
   * @param index the input's index in the run (with the seed, enough to make it again)
   * @param kind {@code exception}, {@code message} (a documented error whose message is not one
   *     short line), {@code slow} or {@code out-of-memory}
   * @param detail the exception and where it was thrown, or the time taken
   * @param input the input bytes
   */
  public record Finding(String target, long index, String kind, String detail, byte[] input) {}

  /** @return the report as a JSON-ready map (inputs of findings left out) */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seed", seed);
    m.put("inputs", inputs);
    m.put("seconds", Math.round(seconds * 10) / 10.0);
    m.put("findings", findingCount);
    List<Object> ts = new ArrayList<>();
    for (TargetStats t : targets) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("target", t.name());
      e.put("inputs", t.inputs());
      e.put("accepted", t.accepted());
      e.put("refused_with_documented_error", t.refused());
      e.put("slowest_cpu_ms", Math.round(t.slowestMillis() * 10) / 10.0);
      e.put("slowest_wall_ms", Math.round(t.slowestWallMillis() * 10) / 10.0);
      ts.add(e);
    }
    m.put("targets", ts);
    List<Object> fs = new ArrayList<>();
    for (Finding f : findings) {
      fs.add(Map.of("target", f.target(), "index", f.index(), "kind", f.kind(), "detail", f.detail()));
    }
    m.put("finding_list", fs);
    return m;
  }

  /** @return one line per finding, for assertion messages and logs */
  public String describeFindings() {
    StringBuilder b = new StringBuilder();
    for (Finding f : findings) {
      b.append(f.target()).append(" #").append(f.index()).append(' ').append(f.kind()).append(": ")
          .append(f.detail()).append('\n');
    }
    return b.toString();
  }
}

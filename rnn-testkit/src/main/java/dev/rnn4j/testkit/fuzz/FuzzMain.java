package dev.rnn4j.testkit.fuzz;

import dev.rnn4j.core.io.AtomicFile;
import dev.rnn4j.core.io.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long fuzz run: {@code FuzzMain [--inputs N] [--seed S] [--targets a,b] [--results FILE]
 * [--findings DIR]}. Runs the built-in targets ({@code json}, {@code model-file}, {@code
 * checkpoint}, {@code tokenizers}) and every {@link FuzzTarget} registered with {@link
 * ServiceLoader}, logs progress and each finding through SLF4J, writes the report as JSON to
 * {@code --results} (with the date, Java version, commit and seed) and the bytes of each finding
 * to {@code --findings}. Exits with 1 when something was found. See {@code scripts/fuzz}.
 */
public final class FuzzMain {
  private static final Logger LOG = LoggerFactory.getLogger(FuzzMain.class);

  private FuzzMain() {}

  /** @param args see the class comment */
  public static void main(String[] args) throws Exception {
    Map<String, String> opt = options(args);
    long inputs = Long.parseLong(opt.getOrDefault("inputs", "100000"));
    long seed = Long.parseLong(opt.getOrDefault("seed", "1"));
    List<FuzzTarget> targets = targets(opt.get("targets"));
    FuzzReport report;
    try {
      Fuzzer f = new Fuzzer(targets, seed);
      LOG.info("fuzzing {} inputs, seed {}, targets {}", inputs, seed,
          targets.stream().map(FuzzTarget::name).toList());
      int[] logged = {0};
      report = f.run(inputs, Math.max(1, inputs / 100), r -> {
        LOG.info("{} inputs, {} findings, {} s", r.inputs(), r.findingCount(), Math.round(r.seconds()));
        for (; logged[0] < r.findings().size(); logged[0]++) {
          FuzzReport.Finding x = r.findings().get(logged[0]);
          LOG.warn("finding: {} #{} {}: {}", x.target(), x.index(), x.kind(), x.detail());
        }
      });
    } finally {
      targets.forEach(FuzzTarget::close);
    }
    LOG.info("done: {}", Json.write(report.asMap()));
    save(report, opt);
    System.exit(report.findingCount() == 0 ? 0 : 1);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opt = new LinkedHashMap<>();
    for (int k = 0; k + 1 < args.length; k += 2) {
      if (!args[k].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + args[k]);
      }
      opt.put(args[k].substring(2), args[k + 1]);
    }
    return opt;
  }

  /** @return the built-in targets and the registered ones, those named in {@code only} if given */
  static List<FuzzTarget> targets(String only) {
    List<FuzzTarget> all = new ArrayList<>(List.of(new JsonTarget(), new ModelFileTarget(),
        new CheckpointTarget(), new TokenizerTarget()));
    ServiceLoader.load(FuzzTarget.class).forEach(all::add);
    if (only == null) {
      return all;
    }
    List<String> names = List.of(only.split(","));
    return all.stream().filter(t -> names.contains(t.name())).toList();
  }

  private static void save(FuzzReport report, Map<String, String> opt) throws Exception {
    if (opt.containsKey("results")) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("date", LocalDate.now().toString());
      m.put("java", System.getProperty("java.version"));
      m.put("commit", opt.getOrDefault("commit", "unknown"));
      m.put("command", "scripts/fuzz --inputs " + report.inputs() + " --seed " + report.seed());
      m.putAll(report.asMap());
      AtomicFile.write(Path.of(opt.get("results")),
          out -> out.write((Json.write(m) + "\n").getBytes(StandardCharsets.UTF_8)));
    }
    if (opt.containsKey("findings")) {
      Path dir = Files.createDirectories(Path.of(opt.get("findings")));
      for (FuzzReport.Finding f : report.findings()) {
        Files.write(dir.resolve(f.target() + "-" + f.index() + ".bin"), f.input());
      }
    }
  }
}

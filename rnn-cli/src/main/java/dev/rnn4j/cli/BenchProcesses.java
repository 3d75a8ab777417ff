package dev.rnn4j.cli;

import dev.rnn4j.core.io.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The processes of {@code rnn4j bench}: its own rows in fresh JVMs ({@link #rnn4j}), so that each
 * configuration is measured as a user runs it, one model per process, with the JIT's profiles
 * of that model alone; and the JSON line each process prints ({@link #lastRecord}).
 */
final class BenchProcesses {
  private BenchProcesses() {}

  /** {@code rnn4j bench ARGS} in a fresh JVM with this JVM's flags ({@link #childFlags}). */
  static ProcessBuilder rnn4j(List<String> benchArgs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(childFlags());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench"));
    cmd.addAll(benchArgs);
    return new ProcessBuilder(cmd);
  }

  /** This JVM's flags less those that record or write a class-data or AOT cache, and agents. */
  static List<String> childFlags() {
    List<String> flags = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-XX:AOTCacheOutput") && !a.startsWith("-XX:ArchiveClassesAtExit")
          && !a.startsWith("-XX:AOTMode") && !a.startsWith("-XX:AOTConfiguration")
          && !a.startsWith("-agentlib") && !a.startsWith("-javaagent")) {
        flags.add(a);
      }
    }
    return flags;
  }

  /** A number of a process's JSON line ({@link #lastRecord}); null when it has none. */
  static Double number(Map<String, Object> record, String key) {
    Object v = record.get(key);
    return v instanceof Number ? ((Number) v).doubleValue() : null;
  }

  /**
   * Runs a process and returns its last JSON line of {@code kind}; an empty map (and one line on
   * {@code out} naming the process and the last line of its error output) when it printed none.
   */
  static Map<String, Object> lastRecord(PrintWriter out, ProcessBuilder pb, String kind, String what) {
    Map<String, Object> result = new LinkedHashMap<>();
    Path err = null;
    try {
      err = Files.createTempFile("rnn4j-bench-", ".err");
      pb.redirectError(err.toFile());
      Process proc = pb.start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          Object parsed = line.startsWith("{") ? Json.parse(line) : null;
          if (parsed instanceof Map && kind.equals(((Map<?, ?>) parsed).get("kind"))) {
            result.clear();
            ((Map<?, ?>) parsed).forEach((k, v) -> result.put(String.valueOf(k), v));
          }
        }
      }
      int exit = proc.waitFor();
      if (result.isEmpty()) {
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        out.println("  (" + what + ": no result, exit " + exit
            + (lines.isEmpty() ? "" : "; " + lines.get(lines.size() - 1)) + ")");
      }
    } catch (IOException e) {
      out.println("  (" + what + ": " + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (err != null) {
        try {
          Files.deleteIfExists(err);
        } catch (IOException ignored) {
          // a temporary file left behind in the temp folder
        }
      }
    }
    return result;
  }
}

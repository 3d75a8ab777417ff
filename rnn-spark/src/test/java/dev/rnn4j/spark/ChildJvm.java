package dev.rnn4j.spark;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a test's main class in a JVM of its own, with this JVM's flags and class path (minus
 * the flags containing {@code without}), on loopback, its temporary files and Spark's under
 * {@code dir/tmp} and its output in {@code dir/NAME.log}.
 */
final class ChildJvm {
  private ChildJvm() {}

  static Process start(Path dir, Class<?> main, String without, String... args) throws Exception {
    Files.createDirectories(dir.resolve("tmp"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!arg.startsWith("-javaagent") && !arg.startsWith("-Djava.io.tmpdir")
          && (without == null || !arg.contains(without))) {
        command.add(arg);
      }
    }
    command.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
    command.add("-Dspark.local.dir=" + dir.resolve("tmp"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log(dir, main).toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  static Path log(Path dir, Class<?> main) {
    return dir.resolve(main.getSimpleName() + ".log");
  }

  /** @return the last lines of the child's output */
  static String tail(Path dir, Class<?> main) throws Exception {
    Path log = log(dir, main);
    if (!Files.exists(log)) {
      return "(none)";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }
}

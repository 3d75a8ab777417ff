package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's choice of JVM (scripts/lib/pick-java.sh, sourced by ./rnn4j): JAVA_HOME first,
 * else the newest JDK with the vector module beside the default java, else java on the PATH. The
 * JDKs are stand-in folders with a release file and a bin/java.
 */
class LauncherPicksJavaTest {
  private static final Path SCRIPT = Path.of("..", "scripts", "lib", "pick-java.sh").toAbsolutePath().normalize();

  @Test
  void takesTheNewestJdkBesideTheDefaultOne(@TempDir Path dir) throws Exception {
    Path jvm = dir.resolve("jvm");
    jdk(jvm.resolve("java-17"), "17.0.15", true);
    jdk(jvm.resolve("temurin-25"), "25.0.3", true);
    jdk(jvm.resolve("temurin-21"), "21.0.2", true);
    jdk(jvm.resolve("jdk-26-no-vector"), "26", false);
    Path bin = pathWithJava(dir, jvm.resolve("java-17"));
    String[] picked = pick(bin, Map.of());
    assertEquals(jvm.resolve("temurin-25/bin/java").toRealPath().toString(), Path.of(picked[0]).toRealPath().toString());
    assertTrue(picked[1].startsWith("the newest JDK beside the default java"), picked[1]);
  }

  @Test
  void javaHomeWins(@TempDir Path dir) throws Exception {
    Path jvm = dir.resolve("jvm");
    jdk(jvm.resolve("java-17"), "17.0.15", true);
    jdk(jvm.resolve("temurin-25"), "25.0.3", true);
    Path bin = pathWithJava(dir, jvm.resolve("temurin-25"));
    String[] picked = pick(bin, Map.of("JAVA_HOME", jvm.resolve("java-17").toString()));
    assertEquals(jvm.resolve("java-17/bin/java").toString(), picked[0]);
    assertEquals("JAVA_HOME", picked[1]);
  }

  @Test
  void keepsTheDefaultWhenNothingNewerIsBesideIt(@TempDir Path dir) throws Exception {
    Path jvm = dir.resolve("jvm");
    jdk(jvm.resolve("temurin-25"), "25.0.3", true);
    jdk(jvm.resolve("java-17"), "17.0.15", true);
    Path bin = pathWithJava(dir, jvm.resolve("temurin-25"));
    String[] picked = pick(bin, Map.of());
    assertEquals("java", picked[0]);
    assertEquals("java on the PATH", picked[1]);
  }

  private static void jdk(Path home, String version, boolean vector) throws IOException {
    Files.createDirectories(home.resolve("bin"));
    Path java = home.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\necho " + version + "\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\nMODULES=\"java.base "
        + (vector ? "jdk.incubator.vector " : "") + "jdk.jfr\"\n");
  }

  /** A PATH folder whose java is a symbolic link into {@code home}, as /usr/bin/java is. */
  private static Path pathWithJava(Path dir, Path home) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("path-bin"));
    Files.createSymbolicLink(bin.resolve("java"), home.resolve("bin/java"));
    return bin;
  }

  private static String[] pick(Path bin, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c",
        "set -euo pipefail; . \"$1\"; pick_java; printf '%s\\n%s\\n' \"$java\" \"$java_choice\"", "launcher",
        SCRIPT.toString());
    pb.environment().remove("JAVA_HOME");
    pb.environment().remove("RNN4J_JAVA");
    pb.environment().putAll(env);
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    Process p = pb.start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), err);
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n");
  }
}

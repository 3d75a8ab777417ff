package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's AOT cache (scripts/lib/aot-cache.sh): the first train after a build records,
 * the cache is assembled afterwards and used by later runs, a rebuild removes it, and a failure to
 * create it changes nothing of the run. The JVM is a stand-in script that logs its arguments.
 */
class LauncherAotCacheTest {
  private static final Path SCRIPT = Path.of("..", "scripts", "lib", "aot-cache.sh").toAbsolutePath().normalize();

  @Test
  void theFirstTrainRecordsAndLaterRunsUseTheCache(@TempDir Path here) throws Exception {
    Path java = fakeJava(here, true);
    assertEquals(3, launch(here, java, 25, "train"), "the run's own exit status");
    waitFor(here.resolve("app/aot/rnn4j-jdk25.aot"));
    List<String> log = Files.readAllLines(here.resolve("java.log"));
    assertTrue(log.get(0).contains("-XX:AOTMode=record") && log.get(0).contains("-cp " + here + "/app/rnn-cli-1.jar:"),
        log.get(0));
    assertEquals(0, launch(here, java, 25, "generate"));
    assertTrue(last(here).contains("-XX:AOTCache=" + here + "/app/aot/rnn4j-jdk25.aot"), last(here));
    Files.setLastModifiedTime(here.resolve("app/lib"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    assertEquals(0, launch(here, java, 25, "generate")); // built since: the cache goes
    assertFalse(last(here).contains("AOTCache"), last(here));
    assertFalse(Files.exists(here.resolve("app/aot/rnn4j-jdk25.aot")));
  }

  @Test
  void aCacheThatCannotBeCreatedLeavesNothingBehind(@TempDir Path here) throws Exception {
    Path java = fakeJava(here, false);
    assertEquals(3, launch(here, java, 25, "demo"));
    for (int i = 0; i < 100 && Files.exists(here.resolve("app/aot/recording")); i++) {
      Thread.sleep(100);
    }
    assertFalse(Files.exists(here.resolve("app/aot/recording")));
    assertFalse(Files.exists(here.resolve("app/aot/rnn4j-jdk25.aot")));
    assertEquals(0, launch(here, java, 25, "generate"));
    assertFalse(last(here).contains("AOT"), last(here));
  }

  @Test
  void olderJdksAndOtherCommandsRunAsBefore(@TempDir Path here) throws Exception {
    Path java = fakeJava(here, true);
    assertEquals(3, launch(here, java, 17, "train"));
    assertFalse(last(here).contains("AOT"), last(here));
    assertEquals(0, launch(here, java, 25, "env")); // only train and demo record
    assertFalse(last(here).contains("AOT"), last(here));
  }

  /** A java that logs its arguments, writes the record file and exits 3 for train/demo, 0 otherwise. */
  private static Path fakeJava(Path here, boolean createWorks) throws IOException {
    Files.createDirectories(here.resolve("app/classes/dev/rnn4j/cli"));
    Files.createDirectories(here.resolve("app/lib"));
    Files.writeString(here.resolve("app/classes/dev/rnn4j/cli/Main.class"), "");
    Files.setLastModifiedTime(here.resolve("app/classes/dev/rnn4j/cli/Main.class"), FileTime.fromMillis(0));
    Files.writeString(here.resolve("app/rnn-cli-1.jar"), "");
    Files.setLastModifiedTime(here.resolve("app/lib"), FileTime.fromMillis(1000));
    Path java = here.resolve("java");
    Files.writeString(java, String.join("\n", "#!/usr/bin/env bash",
        "echo \"$*\" >> \"" + here + "/java.log\"",
        "for a in \"$@\"; do case \"$a\" in",
        "  -XX:AOTConfiguration=*) conf=\"${a#*=}\" ;;",
        "  -XX:AOTCache=*) cache=\"${a#*=}\" ;;",
        "  -XX:AOTMode=record) record=1 ;;",
        "  -XX:AOTMode=create) create=1 ;;",
        "  train|demo) status=3 ;;",
        "esac; done",
        "[ -n \"${record:-}\" ] && echo recorded > \"$conf\"",
        "if [ -n \"${create:-}\" ]; then " + (createWorks ? "echo cache > \"$cache\"; exit 0" : "exit 1") + "; fi",
        "exit ${status:-0}", ""));
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return java;
  }

  /** Runs the launcher's AOT steps and a JVM the way ./rnn4j does; returns its exit status. */
  private static int launch(Path here, Path java, int feature, String command) throws Exception {
    String body = "set -euo pipefail; app=\"$1/app\"; stamp=\"$app/lib\"; java=\"$2\"; java_feature=\"$3\"; "
        + ". \"$4\"; aot_prepare \"$5\"; "
        + "if [ -n \"$aot_record\" ]; then set +e; \"$java\" $aot_flags -cp \"$app_cp\" Main \"$5\"; s=$?; "
        + "aot_create -XX:+UseParallelGC; exit $s; fi; "
        + "exec \"$java\" $aot_flags -cp \"$app_cp\" Main \"$5\"";
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", body, "launcher", here.toString(), java.toString(),
        String.valueOf(feature), SCRIPT.toString(), command);
    pb.environment().remove("RNN4J_AOT");
    Process p = pb.start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(err.isEmpty(), err);
    return p.exitValue();
  }

  private static String last(Path here) throws IOException {
    List<String> log = Files.readAllLines(here.resolve("java.log"));
    return log.get(log.size() - 1);
  }

  private static void waitFor(Path file) throws InterruptedException {
    for (int i = 0; i < 100 && !Files.exists(file); i++) {
      Thread.sleep(100);
    }
    assertTrue(Files.exists(file), file + " was not created");
  }
}

package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's build step (scripts/lib/build-once.sh, sourced by ./rnn4j): three launchers
 * started together after a source change build once; a failed build shows its first errors and
 * exits 2. Maven is replaced by a stand-in that counts its runs.
 */
class LauncherBuildsOnceTest {
  private static final Path SCRIPT = Path.of("..", "scripts", "lib", "build-once.sh").toAbsolutePath().normalize();

  @Test
  void severalLaunchersStartedTogetherBuildOnce(@TempDir Path here) throws Exception {
    Path bin = fakeMaven(here, "sleep 2; mkdir -p \"$PWD/rnn-cli/target/classes/dev/rnn4j/cli\" "
        + "\"$PWD/rnn-cli/target/lib\"; touch \"$PWD/rnn-cli/target/classes/dev/rnn4j/cli/Main.class\"");
    Files.createDirectories(here.resolve("rnn-core/src/main"));
    Files.writeString(here.resolve("rnn-core/src/main/A.java"), "class A {}");
    List<Process> launchers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      launchers.add(launcher(here, bin));
    }
    for (Process p : launchers) {
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals(1, Files.readAllLines(here.resolve("mvn-runs")).size(), "builds");
    Process again = launcher(here, bin); // nothing changed since: no build
    assertTrue(again.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, Files.readAllLines(here.resolve("mvn-runs")).size(), "builds");
  }

  @Test
  void aFailedBuildShowsItsFirstErrorsAndExitsTwo(@TempDir Path here) throws Exception {
    Path bin = fakeMaven(here, "echo '[ERROR] /x/A.java:[3,1] class, interface, enum, or record expected'; exit 1");
    Files.createDirectories(here.resolve("rnn-core/src/main"));
    Files.writeString(here.resolve("rnn-core/src/main/A.java"), "oops");
    Process p = launcher(here, bin);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, p.exitValue(), err);
    assertTrue(err.contains("the build failed") && err.contains("A.java:[3,1]"), err);
  }

  private static Path fakeMaven(Path here, String body) throws IOException {
    Path bin = Files.createDirectories(here.resolve("bin"));
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, "#!/usr/bin/env bash\necho run >> \"$PWD/mvn-runs\"\n" + body + "\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private static Process launcher(Path here, Path bin) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c",
        "set -euo pipefail; here=\"$1\"; . \"$2\"; build_once; echo ready", "launcher",
        here.toString(), SCRIPT.toString());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    return pb.directory(here.toFile()).start();
  }
}

package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CPU line of {@code env} and of every benchmark result, from Linux's files or without them. */
class HostCpuTest {

  /** Two processors' blocks as /proc/cpuinfo has them; only the first is read. */
  private static final String CPUINFO = """
      processor\t: 0
      vendor_id\t: GenuineIntel
      cpu family\t: 6
      model\t\t: 106
      model name\t: Intel(R) Xeon(R) Processor @ 2.80GHz
      cache size\t: 49152 KB

      processor\t: 1
      vendor_id\t: GenuineIntel
      cpu family\t: 6
      model\t\t: 207
      model name\t: another model
      """;

  private static void cache(Path dir, int index, String level, String type, String size)
      throws IOException {
    Path d = Files.createDirectories(dir.resolve("index" + index));
    Files.writeString(d.resolve("level"), level + "\n");
    Files.writeString(d.resolve("type"), type + "\n");
    Files.writeString(d.resolve("size"), size + "\n");
  }

  @Test
  void namesTheModelItsFamilyAndTheDataCachesOfTheFirstProcessor(@TempDir Path dir)
      throws IOException {
    Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), CPUINFO);
    Path caches = Files.createDirectories(dir.resolve("cache"));
    cache(caches, 0, "1", "Data", "48K");
    cache(caches, 1, "1", "Instruction", "32K");
    cache(caches, 2, "2", "Unified", "1280K");
    cache(caches, 3, "3", "Unified", "49152K");
    assertEquals("Intel(R) Xeon(R) Processor @ 2.80GHz (family 6 model 106; L1d 48K, L2 1280K,"
        + " L3 49152K), 2 processors", HostCpu.describe(cpuinfo, caches, "amd64", 2));
  }

  @Test
  void withoutLinuxFilesSaysTheArchitectureAndProcessorCount(@TempDir Path dir) {
    assertEquals("aarch64, 1 processor",
        HostCpu.describe(dir.resolve("none"), dir.resolve("none-either"), "aarch64", 1));
  }

  @Test
  void leavesOutWhatItCannotRead(@TempDir Path dir) throws IOException {
    Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), "model name\t: Some CPU\n");
    Path caches = Files.createDirectories(dir.resolve("cache"));
    cache(caches, 0, "1", "Data", "32K");
    Files.createDirectories(caches.resolve("index1")); // no files in it: skipped
    cache(caches, 2, "2", "Unified", "512K");
    assertEquals("Some CPU (L1d 32K, L2 512K), 4 processors",
        HostCpu.describe(cpuinfo, caches, "amd64", 4));
  }
}

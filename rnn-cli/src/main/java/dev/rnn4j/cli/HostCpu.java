package dev.rnn4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The processor a figure was measured on, in one line, for {@code rnn4j env} and next to every
 * benchmark result: machines of the same kind differ (an Emerald Rapids and an Ice Lake host gave
 * different ratios for the same code), so a figure without its CPU cannot be compared. On Linux,
 * from {@code /proc/cpuinfo} (model name, family, model) and {@code
 * /sys/devices/system/cpu/cpu0/cache} (each cache level's size, per core or shared as the kernel
 * reports it); elsewhere, or where those files cannot be read, the architecture and processor
 * count the JVM reports. Never fails: a file it cannot read leaves its part out.
 */
final class HostCpu {
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");
  private static final Path CACHES = Path.of("/sys/devices/system/cpu/cpu0/cache");

  private HostCpu() {}

  /** @return e.g. {@code "Intel(R) Xeon(R) Processor @ 2.80GHz (family 6 model 106; L1d 48K, L2 1280K, L3 49152K), 2 processors"} */
  static String describe() {
    return describe(CPUINFO, CACHES, System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors());
  }

  /** {@link #describe()} from the given files (tests give their own). */
  static String describe(Path cpuinfo, Path caches, String arch, int processors) {
    Map<String, String> first = firstProcessor(cpuinfo);
    String model = first.getOrDefault("model name", arch);
    List<String> details = new ArrayList<>();
    if (first.containsKey("cpu family") && first.containsKey("model")) {
      details.add("family " + first.get("cpu family") + " model " + first.get("model"));
    }
    String cacheSizes = caches(caches);
    if (!cacheSizes.isEmpty()) {
      details.add(cacheSizes);
    }
    return model + (details.isEmpty() ? "" : " (" + String.join("; ", details) + ")") + ", "
        + processors + (processors == 1 ? " processor" : " processors");
  }

  /** The {@code key : value} lines of the first processor's block of a cpuinfo file. */
  private static Map<String, String> firstProcessor(Path cpuinfo) {
    Map<String, String> fields = new LinkedHashMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return fields;
    }
    for (String line : lines) {
      if (line.isBlank()) {
        if (!fields.isEmpty()) {
          break; // the end of the first processor's block
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    return fields;
  }

  /** e.g. {@code "L1d 48K, L2 1280K, L3 49152K"}: data and unified caches by level, in order. */
  private static String caches(Path dir) {
    List<String> parts = new ArrayList<>();
    for (int index = 0; index < 16; index++) {
      Path cache = dir.resolve("index" + index);
      if (!Files.isDirectory(cache)) {
        break;
      }
      String level = read(cache.resolve("level"));
      String type = read(cache.resolve("type"));
      String size = read(cache.resolve("size"));
      if (level == null || type == null || size == null || type.equals("Instruction")) {
        continue;
      }
      parts.add("L" + level + (type.equals("Data") ? "d" : "") + " " + size);
    }
    return String.join(", ", parts);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}

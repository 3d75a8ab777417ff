package dev.rnn4j.api;

import java.lang.management.ManagementFactory;

/** The value of a HotSpot VM option, for the backends that adapt to how the JVM was started. */
public final class VmOption {
  private VmOption() {}

  /**
   * @param name the option's name without {@code -XX:}, e.g. {@code ObjectAlignmentInBytes}
   * @return its value as the JVM prints it ({@code "true"}, {@code "64"}), or null on a JVM
   *     without that option or without the {@code jdk.management} module
   */
  public static String value(String name) {
    try {
      return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption(name).getValue();
    } catch (RuntimeException | LinkageError e) { // no such option, another VM, no jdk.management
      return null;
    }
  }
}

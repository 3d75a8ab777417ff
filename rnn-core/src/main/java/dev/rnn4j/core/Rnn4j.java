package dev.rnn4j.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Facts about this build of rnn4j. */
public final class Rnn4j {
  private static final String VERSION = loadVersion();

  private Rnn4j() {}

  /** @return the rnn4j version, for example {@code 0.1.0-SNAPSHOT} */
  public static String version() {
    return VERSION;
  }

  private static String loadVersion() {
    try (InputStream in = Rnn4j.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}

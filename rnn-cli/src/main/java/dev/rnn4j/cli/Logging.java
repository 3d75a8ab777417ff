package dev.rnn4j.cli;

import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Logging set-up of the application: with Logback (the application's binding) a concise console
 * on stderr (WARN and above; INFO with {@code --verbose}; ERROR only with {@code --quiet}) and,
 * during a training run, the full detail (DEBUG) in the run folder's {@code train.log}. Under
 * another SLF4J provider (the spark jar under spark-submit uses the cluster's) it does nothing:
 * the provider's own configuration applies.
 */
final class Logging {
  private Logging() {}

  /** Sets the console threshold. */
  static void console(boolean verbose, boolean quiet) {
    if (logback()) {
      LogbackLogging.console(verbose, quiet);
    }
  }

  /** Adds a detailed log file; closing the result detaches it (null: no Logback, no file). */
  static AutoCloseable toFile(Path file) {
    return logback() ? LogbackLogging.toFile(file) : null;
  }

  private static boolean logback() {
    return LoggerFactory.getILoggerFactory().getClass().getName()
        .equals("ch.qos.logback.classic.LoggerContext");
  }
}

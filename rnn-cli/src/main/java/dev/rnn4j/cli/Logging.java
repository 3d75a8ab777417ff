package dev.rnn4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Logback set-up of the application: a concise console on stderr (WARN and above; INFO with
 * {@code --verbose}; ERROR only with {@code --quiet}) and, during a training run, the full detail
 * (DEBUG) in the run folder's {@code train.log}.
 */
final class Logging {
  private static volatile Level console = Level.WARN;

  private Logging() {}

  /** Sets the console threshold. */
  static void console(boolean verbose, boolean quiet) {
    console = quiet ? Level.ERROR : verbose ? Level.INFO : Level.WARN;
    Logger root = root();
    root.setLevel(Level.DEBUG);
    Appender<ILoggingEvent> stderr = root.getAppender("STDERR");
    if (stderr != null) {
      stderr.clearAllFilters();
      stderr.addFilter(new Filter<>() {
        @Override
        public FilterReply decide(ILoggingEvent event) {
          return event.getLevel().isGreaterOrEqual(console) ? FilterReply.NEUTRAL : FilterReply.DENY;
        }
      });
    }
  }

  /** Adds a detailed log file; returns the appender so it can be detached. */
  static FileAppender<ILoggingEvent> toFile(Path file) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder enc = new PatternLayoutEncoder();
    enc.setContext(ctx);
    enc.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
    enc.start();
    FileAppender<ILoggingEvent> app = new FileAppender<>();
    app.setContext(ctx);
    app.setName("RUN");
    app.setFile(file.toString());
    app.setAppend(true);
    app.setEncoder(enc);
    app.start();
    root().addAppender(app);
    return app;
  }

  static void detach(FileAppender<ILoggingEvent> app) {
    root().detachAppender(app);
    app.stop();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}

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

/** The Logback side of {@link Logging}: loaded only when Logback is SLF4J's provider. */
final class LogbackLogging {
  private static volatile Level console = Level.WARN;

  private LogbackLogging() {}

  /** Sets the console threshold. */
  static void console(boolean verbose, boolean quiet) {
    console = quiet ? Level.ERROR : verbose ? Level.INFO : Level.WARN;
    Logger root = root();
    root.setLevel(Level.DEBUG);
    for (String chatty : new String[] {"org.apache", "org.sparkproject", "io.netty"}) {
      // Spark and its libraries log every block and task at INFO/DEBUG: only warnings in train.log
      ((Logger) LoggerFactory.getLogger(chatty)).setLevel(Level.WARN);
    }
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

  /** Adds a detailed log file; closing the result detaches it. */
  static AutoCloseable toFile(Path file) {
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
    return () -> {
      root().detachAppender(app);
      app.stop();
    };
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}

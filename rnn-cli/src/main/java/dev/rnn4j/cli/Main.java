package dev.rnn4j.cli;

import picocli.CommandLine;

/** Entry point of the {@code rnn4j} command-line application. */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its status (0 success, 1 user mistake, 2 internal error). */
  public static void main(String[] args) {
    int exit;
    try {
      exit = Rnn4jCommand.commandLine().execute(args);
    } catch (OutOfMemoryError e) {
      System.err.println("rnn4j: out of memory (the JVM may use " + (Runtime.getRuntime().maxMemory() >> 20)
          + " MB): lower --batch, --hidden or the vocabulary (--max-vocab), or give the JVM more with "
          + "RNN4J_JAVA_OPTS=-Xmx8g");
      exit = Rnn4jCommand.USER_ERROR;
    } catch (StackOverflowError | InternalError e) {
      System.err.println("rnn4j: internal error: " + e + " (" + Rnn4jCommand.crashReport(e)
          + "; please report it)");
      exit = Rnn4jCommand.INTERNAL_ERROR;
    }
    System.exit(exit);
  }
}

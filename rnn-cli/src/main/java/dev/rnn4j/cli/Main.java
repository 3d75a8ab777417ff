package dev.rnn4j.cli;

import picocli.CommandLine;

/** Entry point of the {@code rnn4j} command-line application. */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its status (0 success, 1 user mistake, 2 internal error). */
  public static void main(String[] args) {
    System.exit(Rnn4jCommand.commandLine().execute(args));
  }
}

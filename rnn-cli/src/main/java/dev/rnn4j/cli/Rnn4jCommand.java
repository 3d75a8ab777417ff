package dev.rnn4j.cli;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.Rnn4j;
import dev.rnn4j.core.plugin.Plugins;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rnn4j} command. Exit codes: 0 success, 1 the user's mistake (bad flag, bad file,
 * impossible setting: one clear message, no stack trace), 2 an internal error.
 */
@Command(name = "rnn4j",
    mixinStandardHelpOptions = true,
    versionProvider = Rnn4jCommand.Version.class,
    description = "Recurrent neural network language models: train on text, generate, explain.",
    subcommands = {DemoCommand.class, TrainCommand.class, GenerateCommand.class,
        EvalCommand.class, ExplainCommand.class, ServeCommand.class, GradsCommand.class, TokenizeCommand.class, EnvCommand.class,
        BenchCommand.class, PlotCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:a mistake in the command or its input (the message says which)",
        "2:an internal error (please report it)"})
public final class Rnn4jCommand implements Runnable {
  /** Exit code for the user's mistakes. */
  public static final int USER_ERROR = 1;
  /** Exit code for internal errors. */
  public static final int INTERNAL_ERROR = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** @return a configured command line: exit codes and error handling as documented above */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Rnn4jCommand());
    RunOptions.addTo(cl.getSubcommands().get("train").getCommandSpec(), s -> true);
    RunOptions.addTo(cl.getSubcommands().get("demo").getCommandSpec(),
        s -> DemoCommand.SETTINGS.contains(s.key()));
    cl.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("rnn4j: " + ex.getMessage());
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      return USER_ERROR;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (ex instanceof RnnException) {
        err.println("rnn4j: " + ex.getMessage());
        return USER_ERROR;
      }
      err.println("rnn4j: internal error: " + ex + " (" + crashReport(ex) + "; please report it)");
      return INTERNAL_ERROR;
    });
    return cl;
  }

  /**
   * Writes the stack trace of an internal error to {@code rnn4j-error-PID.log} in the temporary
   * directory (and to the run's train.log through the logger when a run is on).
   *
   * @return "details in FILE", or why there are none
   */
  static String crashReport(Throwable ex) {
    LoggerFactory.getLogger(Rnn4jCommand.class).debug("internal error", ex);
    try {
      java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
          "rnn4j-error-" + ProcessHandle.current().pid() + ".log");
      java.io.StringWriter trace = new java.io.StringWriter();
      ex.printStackTrace(new PrintWriter(trace));
      java.nio.file.Files.writeString(file, trace.toString());
      return "details in " + file;
    } catch (java.io.IOException | RuntimeException e) {
      return "no details written: " + e.getMessage();
    }
  }

  /** {@code --version}: library, Java and the backend the current configuration selects. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Plugins plugins = Plugins.defaults();
      return new String[] {
        "rnn4j " + Rnn4j.version(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
        "backend " + plugins.select(plugins.backends(), null).name()
      };
    }
  }
}

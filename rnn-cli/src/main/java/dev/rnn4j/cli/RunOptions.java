package dev.rnn4j.cli;

import dev.rnn4j.core.run.RunSetting;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Binds the core's run settings ({@link RunSetting#ALL}) onto picocli: one option per setting,
 * its name, label and help text (with the default taken from the core) declared once in the
 * core. After parsing, {@link #given} returns the settings the user typed, by JSON key, to be
 * applied on top of the configuration file and the defaults.
 */
final class RunOptions {
  private RunOptions() {}

  /** Adds an option for every setting {@code which} accepts. */
  static void addTo(CommandSpec spec, Predicate<RunSetting<?>> which) {
    for (RunSetting<?> s : RunSetting.ALL) {
      if (which.test(s)) {
        spec.addOption(option(s));
      }
    }
  }

  private static OptionSpec option(RunSetting<?> s) {
    String[] names = s.key().equals("corpus") ? new String[] {"-c", s.flag()} : new String[] {s.flag()};
    OptionSpec.Builder b = OptionSpec.builder(names).paramLabel(s.label())
        .description(s.description() + " (default: " + s.defaultText() + ")");
    switch (s.kind()) {
      case INT:
      case OPTIONAL_INT:
        b.type(Integer.class);
        break;
      case LONG:
        b.type(Long.class);
        break;
      case NUMBER:
      case OPTIONAL_NUMBER:
        b.type(Double.class);
        break;
      case BOOLEAN:
        b.type(Boolean.class).arity("0..1").fallbackValue("true");
        break;
      case OPTIONS:
        b.type(Map.class).auxiliaryTypes(String.class, String.class);
        break;
      default:
        b.type(String.class);
    }
    return b.build();
  }

  /** @return the run settings given on the command line, by JSON key, as JSON-typed values */
  static Map<String, Object> given(ParseResult parsed) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RunSetting<?> s : RunSetting.ALL) {
      if (parsed.hasMatchedOption(s.flag())) {
        Object v = parsed.matchedOptionValue(s.flag(), null);
        out.put(s.key(), v instanceof Integer ? Long.valueOf((Integer) v) : v);
      }
    }
    return out;
  }
}

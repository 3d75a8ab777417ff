package dev.rnn4j.core.train.schedule;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link LearningRateSchedule} from the text users write: a name, optionally followed by
 * a colon and comma-separated {@code key=value} settings.
 *
 * <pre>
 * constant                                  the rate never changes (also: empty or null)
 * step:every=5,gamma=0.5                    every 5 epochs multiply by gamma (default 0.5)
 * plateau                                   halve when the validation loss stalls for 1 epoch
 * plateau:patience=2,factor=0.5,threshold=1e-3,min=1e-5
 * </pre>
 *
 * Names and keys are case-sensitive; whitespace around them is ignored. Stateless.
 */
public final class Schedules {
  private static final List<String> NAMES =
      List.of(ConstantSchedule.NAME, PlateauSchedule.NAME, StepDecaySchedule.NAME);

  private Schedules() {}

  /**
   * @param spec the schedule text; null or blank means {@code constant}
   * @return a new schedule (with fresh state)
   * @throws RnnException naming the allowed schedules, or the allowed keys of the named one, or
   *     the setting whose value is invalid
   */
  public static LearningRateSchedule parse(String spec) {
    String text = spec == null ? "" : spec.trim();
    if (text.isEmpty()) {
      return new ConstantSchedule();
    }
    int colon = text.indexOf(':');
    String name = (colon < 0 ? text : text.substring(0, colon)).trim();
    if (!NAMES.contains(name)) {
      throw new RnnException("unknown learning-rate schedule '" + name + "' in '" + spec
          + "'; allowed: " + String.join(", ", NAMES)
          + " (for example plateau:patience=1,factor=0.5,min=1e-5)");
    }
    Options o = settings(name, colon < 0 ? "" : text.substring(colon + 1));
    switch (name) {
      case ConstantSchedule.NAME:
        o.requireKnownKeys(Set.of(), "schedule 'constant'");
        return new ConstantSchedule();
      case StepDecaySchedule.NAME:
        o.requireKnownKeys(Set.of("every", "gamma"), "schedule 'step'");
        if (!o.has("every")) {
          throw new RnnException("schedule 'step' needs 'every' (epochs between decays), as in step:every=5,gamma=0.5");
        }
        return new StepDecaySchedule(o.getInt("every", 0), o.getDouble("gamma", 0.5));
      case PlateauSchedule.NAME:
        o.requireKnownKeys(Set.of("patience", "factor", "threshold", "min"), "schedule 'plateau'");
        return new PlateauSchedule(o.getInt("patience", 1), o.getDouble("factor", 0.5),
            o.getDouble("threshold", 1e-4), o.getDouble("min", 0));
      default:
        throw new IllegalStateException("schedule name checked above: " + name);
    }
  }

  private static Options settings(String name, String text) {
    Map<String, String> values = new LinkedHashMap<>();
    if (text.isBlank()) {
      return Options.empty();
    }
    for (String part : text.split(",", -1)) {
      int eq = part.indexOf('=');
      String key = eq < 0 ? "" : part.substring(0, eq).trim();
      if (key.isEmpty()) {
        throw new RnnException("schedule '" + name + "': '" + part.trim()
            + "' is not a key=value setting (settings are separated by commas)");
      }
      if (values.put(key, part.substring(eq + 1).trim()) != null) {
        throw new RnnException("schedule '" + name + "': '" + key + "' is set twice");
      }
    }
    return Options.of(values);
  }
}

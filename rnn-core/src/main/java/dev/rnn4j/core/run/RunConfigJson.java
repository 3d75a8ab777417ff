package dev.rnn4j.core.run;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.io.Json;
import java.util.Map;

/** The JSON form of {@link RunConfig}: strict reading and a readable one-key-per-line writing. */
final class RunConfigJson {
  private RunConfigJson() {}

  static RunConfig read(String json, String source, RunConfig base) {
    Object doc;
    try {
      doc = Json.parse(json);
    } catch (Json.JsonException e) {
      throw new RnnException(source + " is not valid JSON: " + e.getMessage());
    }
    if (!(doc instanceof Map)) {
      throw new RnnException(source + " must hold one JSON object of settings, like {\"epochs\": 5}");
    }
    RunConfig.Builder b = base.toBuilder();
    try {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) doc).entrySet()) {
        b.set(String.valueOf(e.getKey()), e.getValue());
      }
      return b.build();
    } catch (RnnException e) {
      throw new RnnException(source + ": " + e.getMessage());
    }
  }

  static String write(RunConfig c) {
    StringBuilder out = new StringBuilder("{\n");
    int i = 0;
    for (RunSetting<?> s : RunSetting.ALL) {
      out.append("  ").append(Json.write(s.key())).append(": ").append(Json.write(s.toJson(c)));
      out.append(++i < RunSetting.ALL.size() ? ",\n" : "\n");
    }
    return out.append("}\n").toString();
  }
}

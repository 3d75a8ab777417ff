package dev.rnn4j.serve;

import dev.rnn4j.core.explain.Explainer;
import dev.rnn4j.core.generate.TextGenerator;
import dev.rnn4j.core.generate.TextGenerator.Candidate;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.plugin.Plugins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON endpoints other than completions: {@code /v1/next}, {@code /v1/explain}, {@code
 * /v1/models}, {@code /health}; and the per-worker model objects they and {@link Completions} use.
 * Methods that run a model are called on worker threads only: each worker thread keeps its own
 * {@link TextGenerator} (with its step model) and {@link Explainer} per model, created on first use.
 */
final class Api {
  private final Map<String, LanguageModel> models;
  private final Plugins plugins;
  private final ThreadLocal<Map<String, TextGenerator>> generators = ThreadLocal.withInitial(HashMap::new);
  private final ThreadLocal<Map<String, Explainer>> explainers = ThreadLocal.withInitial(HashMap::new);

  Api(Map<String, LanguageModel> models, Plugins plugins) {
    this.models = models;
    this.plugins = plugins;
  }

  /** @return the name of the model a request asks for (the only one when it names none) */
  String modelName(Fields f) {
    String name = f.string("model", null, 200);
    if (name == null) {
      if (models.size() == 1) {
        return models.keySet().iterator().next();
      }
      throw ApiException.badRequest("'model' is required: this server has " + models.keySet());
    }
    if (!models.containsKey(name)) {
      throw new ApiException(404, "model_not_found", "no model '" + name + "'; this server has "
          + models.keySet());
    }
    return name;
  }

  /** @return this worker thread's generator for the model */
  TextGenerator generator(String model) {
    return generators.get().computeIfAbsent(model, m -> TextGenerator.of(models.get(m), plugins));
  }

  Map<String, Object> next(Fields f) {
    String model = modelName(f);
    String prefix = f.string("prefix", "", ServeOptions.MAX_PROMPT_CHARS);
    int top = f.integer("top_k", 10, 1, ServeOptions.MAX_TOP);
    TextGenerator gen = generator(model);
    List<Object> next = new ArrayList<>();
    for (Candidate c : gen.next(prefix, top)) {
      next.add(Map.of("token", c.token(), "probability", c.probability()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model);
    out.put("tokens", gen.tokenizer().tokenize(prefix));
    out.put("next", next);
    return out;
  }

  Map<String, Object> explain(Fields f) {
    String model = modelName(f);
    String text = f.string("text", null, ServeOptions.MAX_PROMPT_CHARS);
    int top = f.integer("top", 5, 1, ServeOptions.MAX_TOP);
    if (text == null) {
      throw ApiException.badRequest("'text' is required");
    }
    int tokens = generator(model).tokenizer().tokenize(text).size();
    if (tokens > ServeOptions.MAX_EXPLAIN_TOKENS) {
      throw ApiException.badRequest("'text' has " + tokens + " tokens; at most "
          + ServeOptions.MAX_EXPLAIN_TOKENS + " are explained");
    }
    Explainer x = explainers.get().computeIfAbsent(model, m -> Explainer.of(models.get(m), plugins));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model);
    out.putAll(x.explain(text, top).toJson());
    return out;
  }

  Map<String, Object> models() {
    List<Object> data = new ArrayList<>();
    models.forEach((name, lm) -> {
      ModelConfig c = lm.network().config();
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("cell", c.cell());
      config.put("layers", c.layers());
      config.put("hidden_size", c.hiddenSize());
      config.put("vocab_size", c.vocabSize());
      config.put("dtype", c.dtype().toString());
      config.put("tokenizer", lm.tokenizer());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", name);
      m.put("object", "model");
      m.put("owned_by", "rnn4j");
      m.put("config", config);
      m.put("provenance", lm.provenance());
      data.add(m);
    });
    return Map.of("object", "list", "data", data);
  }
}

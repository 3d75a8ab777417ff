package dev.rnn4j.serve;

import dev.rnn4j.core.generate.Generator;
import dev.rnn4j.core.generate.TextGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * {@code POST /v1/completions}: the OpenAI completions subset ({@code model, prompt, max_tokens,
 * temperature, top_p, n, seed, stop, stream}) plus {@code top_k} and {@code beam}. Temperature 0
 * is greedy; a {@code beam} width above 1 is beam search (then {@code n} is at most the width).
 * With {@code stream} the choices arrive as server-sent events, token by token, ending with
 * {@code data: [DONE]}. One request, on one worker thread.
 */
final class Completions {
  /** Receives the events of a streamed completion; throws when the client has gone. */
  interface Events {
    void send(Map<String, Object> event) throws IOException;
  }

  /** The settings of one request, validated. */
  record Request(String model, String prompt, int maxTokens, double temperature, double topP,
      int topK, int n, long seed, List<String> stop, boolean stream, int beam) {
    static Request of(Fields f, String model) {
      int beam = f.integer("beam", 1, 1, ServeOptions.MAX_BEAM);
      int n = f.integer("n", 1, 1, ServeOptions.MAX_N);
      if (beam > 1 && n > beam) {
        throw ApiException.badRequest("'n' must be at most the beam width " + beam);
      }
      Long seed = f.optionalLong("seed");
      double topP = f.number("top_p", 1, 0, 1);
      if (topP == 0) {
        throw ApiException.badRequest("'top_p' must be in (0, 1], not 0");
      }
      return new Request(model, f.string("prompt", "", ServeOptions.MAX_PROMPT_CHARS),
          f.integer("max_tokens", 16, 1, ServeOptions.MAX_TOKENS),
          f.number("temperature", 1, 0, 100), topP,
          f.integer("top_k", 0, 0, Integer.MAX_VALUE), n,
          seed != null ? seed : new SplittableRandom().nextLong(),
          f.strings("stop", ServeOptions.MAX_STOPS, 100), f.bool("stream", false), beam);
    }
  }

  private final TextGenerator gen;
  private final Request r;
  private final String id = "cmpl-" + UUID.randomUUID();
  private final long created = System.currentTimeMillis() / 1000;
  private final List<String> promptTokens;
  private final String promptText;

  Completions(TextGenerator gen, Request r) {
    this.gen = gen;
    this.r = r;
    this.promptTokens = gen.tokenizer().tokenize(r.prompt());
    this.promptText = gen.text(promptTokens);
  }

  /** @return the whole response of a request without streaming */
  Map<String, Object> run() {
    try {
      return run(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Generates every choice; with {@code events}, sends each token as it comes and the end of
   * each choice.
   *
   * @return the response (without streaming) or null
   */
  Map<String, Object> run(Events events) throws IOException {
    List<Object> choices = new ArrayList<>();
    int completionTokens = 0;
    if (r.beam() > 1) {
      List<List<String>> beams = gen.beams(r.prompt(), r.maxTokens(), r.beam(), r.n());
      for (int i = 0; i < beams.size(); i++) {
        Choice c = new Choice(events, i);
        for (String t : beams.get(i)) {
          c.accept(t);
        }
        choices.add(c.finish(beams.get(i).size()));
        completionTokens += beams.get(i).size();
      }
    } else {
      SplittableRandom random = new SplittableRandom(r.seed());
      Generator.Sampling s = r.temperature() == 0 ? null
          : new Generator.Sampling(r.temperature(), r.topK(), r.topP());
      for (int i = 0; i < r.n(); i++) {
        Choice c = new Choice(events, i);
        List<String> tokens = gen.generate(r.prompt(), r.maxTokens(), s, random, c::accept);
        if (c.failure != null) {
          throw c.failure;
        }
        choices.add(c.finish(tokens.size()));
        completionTokens += tokens.size();
      }
    }
    if (events != null) {
      return null;
    }
    Map<String, Object> out = envelope(choices);
    out.put("usage", Map.of("prompt_tokens", promptTokens.size() + 1, "completion_tokens",
        completionTokens, "total_tokens", promptTokens.size() + 1 + completionTokens));
    return out;
  }

  private Map<String, Object> envelope(List<Object> choices) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("object", "text_completion");
    out.put("created", created);
    out.put("model", r.model());
    out.put("choices", choices);
    return out;
  }

  /** One choice being generated: its text so far, stop sequences, streaming. */
  private final class Choice {
    private final Events events;
    private final int index;
    private final List<String> tokens = new ArrayList<>(promptTokens);
    private String text = "";
    private boolean stopped;
    IOException failure;

    Choice(Events events, int index) {
      this.events = events;
      this.index = index;
    }

    /** @return whether to go on */
    boolean accept(String token) {
      if (stopped) {
        return false;
      }
      tokens.add(token);
      String all = continuation(gen.text(tokens));
      int cut = firstStop(all);
      String now = cut < 0 ? all : all.substring(0, cut);
      String delta = now.startsWith(text) ? now.substring(text.length()) : now;
      text = now;
      stopped = cut >= 0;
      if (events != null && !delta.isEmpty()) {
        try {
          events.send(event(delta, null));
        } catch (IOException e) {
          failure = e;
          return false;
        }
      }
      return !stopped;
    }

    Map<String, Object> finish(int generated) throws IOException {
      String reason = stopped || generated < r.maxTokens() ? "stop" : "length";
      if (events != null) {
        events.send(event("", reason));
        return null;
      }
      return choice(text, reason);
    }

    private Map<String, Object> event(String delta, String reason) {
      return envelope(List.of(choice(delta, reason)));
    }

    private Map<String, Object> choice(String t, String reason) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("text", t);
      c.put("index", index);
      c.put("logprobs", null);
      c.put("finish_reason", reason);
      return c;
    }
  }

  /** @return the text after the prompt's own text (a space first when the tokenizer adds one) */
  private String continuation(String all) {
    return all.startsWith(promptText) ? all.substring(promptText.length()) : all;
  }

  private int firstStop(String s) {
    int best = -1;
    for (String stop : r.stop()) {
      int at = s.indexOf(stop);
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
      }
    }
    return best;
  }
}

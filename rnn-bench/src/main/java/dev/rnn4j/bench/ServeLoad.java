package dev.rnn4j.bench;

import dev.rnn4j.core.data.TextSource;
import dev.rnn4j.core.io.Json;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.TrainingRun;
import dev.rnn4j.serve.ModelServer;
import dev.rnn4j.serve.ServeOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load test of the HTTP server on loopback (not JMH, not a test): trains a small word LSTM in
 * memory, starts {@link ModelServer} on a free loopback port, and lets {@code clients} threads send
 * {@code /v1/next} requests, then 50-token completions, each phase bounded by a request count and
 * a time limit. Prints (and with a file argument writes) one JSON document: requests/s, p50/p99
 * latency, errors, and the server JVM's heap in use before and after (after a GC).
 *
 * <pre>java -cp rnn-bench/target/benchmarks.jar dev.rnn4j.bench.ServeLoad [clients] [next] [completions] [seconds] [out.json]</pre>
 */
public final class ServeLoad {
  private ServeLoad() {}

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int nextCount = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    int completionCount = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 120;
    Plugins plugins = Plugins.defaults();
    LanguageModel model = model(plugins);
    int cores = Runtime.getRuntime().availableProcessors();
    ServeOptions options = new ServeOptions("127.0.0.1", 0, cores, clients, Duration.ofSeconds(10), 1 << 20);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("clients", clients);
    report.put("workers", cores);
    report.put("java", System.getProperty("java.version"));
    try (ModelServer server = ModelServer.start(Map.of("words", model), plugins, options)) {
      report.put("heap_mib_before", heapMiB());
      ExecutorService httpThreads = Executors.newFixedThreadPool(4);
      HttpClient http = HttpClient.newBuilder().executor(httpThreads).build();
      URI base = server.uri();
      report.put("next", phase(http, base.resolve("/v1/next"), "{\"prefix\":\"the cat sat on\",\"top_k\":5}",
          clients, nextCount, seconds));
      report.put("completions_50_tokens", phase(http, base.resolve("/v1/completions"),
          "{\"prompt\":\"the cat\",\"max_tokens\":50,\"temperature\":1.0,\"seed\":7}",
          clients, completionCount, seconds));
      report.put("heap_mib_after", heapMiB());
      httpThreads.shutdown();
    }
    String json = Json.write(report);
    System.out.println(json);
    if (args.length > 4) {
      Files.writeString(Path.of(args[4]), json + "\n");
    }
  }

  /** A word LSTM trained on a running text (stream mode: it rarely ends a sequence early). */
  private static LanguageModel model(Plugins plugins) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 4; i++) { // long lines: </s> is rare, so completions run to max_tokens
      lines.add("the cat sat on the mat and the dog sat on the log while a cat saw a dog ".repeat(40));
    }
    RunConfig c = RunConfig.builder().tokenizer("whitespace").mode("stream").seqLength(20)
        .cell("lstm").hidden(128).optimizer("adam").learningRate(0.01).epochs(3).seed(1).build();
    return TrainingRun.create(c, plugins).text(TextSource.ofLines(lines)).withoutFolder().run().model();
  }

  private static Map<String, Object> phase(HttpClient http, URI uri, String body, int clients,
      int count, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger tokens = new AtomicInteger();
    long[] latencies = new long[count];
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      done.add(pool.submit(() -> {
        for (int i; (i = issued.getAndIncrement()) < count && System.nanoTime() < deadline; ) {
          long t0 = System.nanoTime();
          try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
              errors.incrementAndGet();
            } else if (r.body().contains("\"completion_tokens\"")) {
              Map<?, ?> usage = (Map<?, ?>) ((Map<?, ?>) Json.parse(r.body())).get("usage");
              tokens.addAndGet(((Number) usage.get("completion_tokens")).intValue());
            }
          } catch (Exception e) {
            errors.incrementAndGet();
          }
          latencies[i] = System.nanoTime() - t0;
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double wall = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    int n = Math.min(count, issued.get());
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requests", n);
    out.put("seconds", round(wall));
    out.put("requests_per_second", round(n / wall));
    out.put("p50_ms", round(sorted[n / 2] / 1e6));
    out.put("p99_ms", round(sorted[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6));
    out.put("errors", errors.get());
    if (tokens.get() > 0) {
      out.put("mean_completion_tokens", round(tokens.get() / (double) n));
    }
    return out;
  }

  private static double heapMiB() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    return round((rt.totalMemory() - rt.freeMemory()) / 1048576.0);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}

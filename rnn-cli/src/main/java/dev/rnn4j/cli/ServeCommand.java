package dev.rnn4j.cli;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.serve.ModelServer;
import dev.rnn4j.serve.ServeOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rnn4j serve}: the HTTP server with the JSON API and the web page. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serves models over HTTP until Ctrl-C or SIGTERM (requests in flight finish): "
        + "POST /v1/completions (OpenAI-style, stream as server-sent events), POST /v1/next, "
        + "POST /v1/explain, GET /v1/models, GET /health, and a web page at /.",
        "Caps: max_tokens " + ServeOptions.MAX_TOKENS + ", n " + ServeOptions.MAX_N + ", beam "
        + ServeOptions.MAX_BEAM + ", top_k/top " + ServeOptions.MAX_TOP + ", prompt "
        + ServeOptions.MAX_PROMPT_CHARS + " characters, explained text "
        + ServeOptions.MAX_EXPLAIN_TOKENS + " tokens, body 1 MiB (413), 10 s to send a request."})
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-m", "--model"}, required = true, paramLabel = "[NAME=]FILE",
      description = "A model file or a finished run's folder to serve, under NAME (default: the file "
          + "name without .safetensors, or the folder's name); repeat for more models. Requests name models, never files.")
  List<String> models;

  @Option(names = "--host", defaultValue = ServeOptions.DEFAULT_HOST, paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String host;

  @Option(names = "--port", defaultValue = "" + ServeOptions.DEFAULT_PORT, paramLabel = "PORT",
      description = "Port, 0..65535; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--workers", paramLabel = "N",
      description = "Threads running models, 1..256 (default: the number of cores).")
  Integer workers;

  @Option(names = "--queue", defaultValue = "64", paramLabel = "N",
      description = "Requests waiting for a worker before 503, 0..100000 (default: ${DEFAULT-VALUE}).")
  int queue;

  @Option(names = "--backend", paramLabel = "NAME", description = "Math backend (default: the best available).")
  String backend;

  @Override
  public Integer call() throws InterruptedException {
    ServeOptions d = ServeOptions.defaults();
    ServeOptions options;
    try {
      options = new ServeOptions(host, port, workers == null ? d.workers() : workers, queue,
          d.readTimeout(), d.maxBodyBytes());
    } catch (IllegalArgumentException e) {
      throw new RnnException("serve: " + e.getMessage());
    }
    Plugins plugins = Plugins.defaults();
    TensorOps ops = plugins.backend(backend, Options.empty());
    Map<String, LanguageModel> loaded = new LinkedHashMap<>();
    for (String m : models) {
      int eq = m.indexOf('=');
      Path file = Path.of(eq < 0 ? m : m.substring(eq + 1));
      String name = eq < 0 ? file.getFileName().toString().replaceFirst("\\.safetensors$", "")
          : m.substring(0, eq);
      if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new RnnException("--model " + m + ": a model name is 1-64 letters, digits, '.', '_' or '-'");
      }
      if (loaded.put(name, ModelFile.load(file, ops, plugins)) != null) {
        throw new RnnException("--model " + m + ": the name '" + name + "' is given twice");
      }
    }
    ModelServer server = ModelServer.start(loaded, plugins, options);
    CountDownLatch stopped = new CountDownLatch(1);
    PrintWriter out = spec.commandLine().getOut();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(Duration.ofSeconds(10));
      out.println("stopped");
      out.flush();
      stopped.countDown();
    }, "rnn4j-serve-stop"));
    out.println("serving " + String.join(", ", loaded.keySet()) + " on " + server.uri()
        + " (Ctrl-C stops)");
    out.flush();
    stopped.await();
    return 0;
  }
}

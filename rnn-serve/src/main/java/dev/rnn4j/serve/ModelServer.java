package dev.rnn4j.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.io.Json;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rnn4j HTTP server, on the JDK's built-in {@code com.sun.net.httpserver} (no dependency).
 *
 * <p>Endpoints: {@code POST /v1/completions}, {@code POST /v1/next}, {@code POST /v1/explain},
 * {@code GET /v1/models}, {@code GET /health}, and the page at {@code /} with its assets from the
 * jar. Requests name models by the names given at start, never files.
 *
 * <p>Threads: a few I/O threads read requests (bodies up to {@link ServeOptions#maxBodyBytes()},
 * within {@link ServeOptions#readTimeout()}) and hand the model work to a fixed pool of {@link
 * ServeOptions#workers()} threads through a queue of {@link ServeOptions#queue()} places; when it
 * is full the request gets 503 at once. So a slow client holds an I/O thread for at most the read
 * timeout, never a worker. Each worker keeps its own step models and explainers.
 *
 * <p>Order of calls: {@link #start}, then {@link #stop} (or {@link #close()}) once. Thread-safe.
 */
public final class ModelServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
  private static final String WEB = "/dev/rnn4j/serve/web/";
  private static final Map<String, String> ASSETS = Map.of("/", "index.html",
      "/app.js", "app.js", "/explain-view.js", "explain-view.js", "/explain-view.css", "explain-view.css");

  private final HttpServer http;
  private final ThreadPoolExecutor workers;
  private final ExecutorService io;
  private final Api api;
  private final ServeOptions options;
  private volatile boolean stopping;
  /** Runs on the worker before each request's work: a seam for tests that fill the pool. */
  volatile Runnable beforeWork = () -> {};

  private ModelServer(HttpServer http, ThreadPoolExecutor workers, ExecutorService io, Api api,
      ServeOptions options) {
    this.http = http;
    this.workers = workers;
    this.io = io;
    this.api = api;
    this.options = options;
  }

  /**
   * Starts serving.
   *
   * @param models by the names requests use (at least one; the map is copied)
   * @throws RnnException when the address cannot be bound
   */
  public static ModelServer start(Map<String, LanguageModel> models, Plugins plugins,
      ServeOptions options) {
    if (models.isEmpty()) {
      throw new RnnException("the server needs at least one model");
    }
    // The JDK server reads these once per JVM: the time a client may take to send its request.
    System.setProperty("sun.net.httpserver.maxReqTime",
        System.getProperty("sun.net.httpserver.maxReqTime",
            String.valueOf(options.readTimeout().toSeconds())));
    System.setProperty("sun.net.httpserver.timerMillis",
        System.getProperty("sun.net.httpserver.timerMillis", "250"));
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 128);
    } catch (IOException e) {
      throw new RnnException("cannot listen on " + options.host() + ":" + options.port() + ": "
          + e.getMessage(), e);
    }
    ThreadPoolExecutor workers = new ThreadPoolExecutor(options.workers(), options.workers(), 0,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, options.queue())), named("rnn4j-worker"));
    ExecutorService io = Executors.newFixedThreadPool(4 + options.workers(), named("rnn4j-http"));
    ModelServer server = new ModelServer(http, workers, io,
        new Api(new LinkedHashMap<>(models), plugins), options);
    http.createContext("/", server::handle);
    http.setExecutor(io);
    http.start();
    LOG.info("serving {} on {}", models.keySet(), server.uri());
    return server;
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** @return the port listened on */
  public int port() {
    return http.getAddress().getPort();
  }

  /** @return the server's base address, {@code http://HOST:PORT/} */
  public URI uri() {
    return URI.create("http://" + options.host() + ":" + port() + "/");
  }

  /**
   * Stops gracefully: new requests get 503, requests in flight finish (up to {@code grace}), then
   * the socket closes.
   */
  public void stop(Duration grace) {
    stopping = true;
    workers.shutdown();
    try {
      if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("requests still running after {} s; closing", grace.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.stop(0);
    io.shutdownNow();
    LOG.info("stopped");
  }

  /** {@link #stop} with 10 seconds of grace. */
  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }

  private void handle(HttpExchange ex) {
    try {
      route(ex);
    } catch (ApiException e) {
      error(ex, e);
    } catch (RuntimeException e) {
      LOG.error("request {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
      error(ex, new ApiException(500, "server_error", "internal error: " + e));
    }
  }

  private void route(HttpExchange ex) {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (stopping) {
      throw new ApiException(503, "unavailable", "the server is shutting down");
    }
    switch (path) {
      case "/health" -> {
        requireMethod(method, "GET");
        Http.json(ex, 200, Map.of("status", "ok"));
      }
      case "/v1/models" -> {
        requireMethod(method, "GET");
        Http.json(ex, 200, api.models());
      }
      case "/v1/completions" -> submit(ex, this::completions);
      case "/v1/next" -> submit(ex, (e, f) -> Http.json(e, 200, api.next(f)));
      case "/v1/explain" -> submit(ex, (e, f) -> Http.json(e, 200, api.explain(f)));
      default -> {
        String asset = ASSETS.get(path);
        if (asset == null) {
          throw new ApiException(404, "not_found", "no such endpoint: " + path);
        }
        requireMethod(method, "GET");
        Http.asset(ex, WEB + asset);
      }
    }
  }

  private static void requireMethod(String method, String expected) {
    if (!method.equals(expected)) {
      throw new ApiException(405, "method_not_allowed", "use " + expected);
    }
  }

  /** Work on a worker thread, with the parsed body. */
  private interface Work {
    void run(HttpExchange ex, Fields body) throws IOException;
  }

  private void submit(HttpExchange ex, Work work) {
    requireMethod(ex.getRequestMethod(), "POST");
    Fields body = new Fields(parse(Http.body(ex, options.maxBodyBytes())));
    try {
      workers.execute(() -> {
        try {
          beforeWork.run();
          work.run(ex, body);
        } catch (ApiException e) {
          error(ex, e);
        } catch (RnnException e) {
          error(ex, ApiException.badRequest(e.getMessage()));
        } catch (IOException | RuntimeException | Error e) { // even an Error gets its answer
          LOG.error("request {} failed", ex.getRequestURI(), e);
          error(ex, new ApiException(500, "server_error", "internal error: " + e));
        } finally {
          ex.close();
        }
      });
    } catch (RejectedExecutionException e) {
      throw new ApiException(503, "overloaded", "all " + options.workers() + " workers are busy and "
          + options.queue() + " requests wait; try again shortly");
    }
  }

  private static Object parse(byte[] body) {
    try {
      return Json.parse(new String(body, StandardCharsets.UTF_8));
    } catch (Json.JsonException e) {
      throw ApiException.badRequest("malformed JSON: " + e.getMessage());
    }
  }

  private void completions(HttpExchange ex, Fields f) throws IOException {
    String model = api.modelName(f);
    Completions.Request r = Completions.Request.of(f, model);
    Completions c = new Completions(api.generator(model), r);
    if (!r.stream()) {
      Http.json(ex, 200, c.run());
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    c.run(event -> {
      out.write(("data: " + Json.write(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    });
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void error(HttpExchange ex, ApiException e) {
    try {
      Map<String, Object> err = new LinkedHashMap<>();
      err.put("message", e.getMessage());
      err.put("type", e.type);
      err.put("status", e.status);
      if (e.status == 503) {
        ex.getResponseHeaders().set("Retry-After", "1");
      }
      Http.json(ex, e.status, Map.of("error", err));
    } catch (RuntimeException ignored) {
      // the response had started (a stream) or the client left: nothing more to say
      LOG.debug("could not send the error {}", e.getMessage());
    } finally {
      ex.close();
    }
  }

  static InputStream resource(String path) {
    return ModelServer.class.getResourceAsStream(path);
  }
}

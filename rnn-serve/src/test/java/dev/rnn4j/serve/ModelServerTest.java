package dev.rnn4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.core.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real server on an ephemeral loopback port, called over HTTP. */
class ModelServerTest {
  static ModelServer server;
  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    server = ModelServer.start(Map.of("words", TestModels.words()), TestModels.PLUGINS,
        new ServeOptions("127.0.0.1", 0, 2, 2, Duration.ofSeconds(2), 64 * 1024));
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(5));
  }

  record Reply(int status, String body) {
    Map<?, ?> json() {
      return (Map<?, ?>) Json.parse(body);
    }

    String errorType() {
      return (String) ((Map<?, ?>) json().get("error")).get("type");
    }
  }

  static Reply post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(server.uri().resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body());
  }

  static Reply get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body());
  }

  @Test
  void healthAndModelsDescribeTheServer() throws Exception {
    assertEquals(new Reply(200, "{\"status\":\"ok\"}"), get("/health"));
    Reply models = get("/v1/models");
    assertEquals(200, models.status());
    Map<?, ?> m = (Map<?, ?>) ((List<?>) models.json().get("data")).get(0);
    assertEquals("words", m.get("id"));
    assertEquals("lstm", ((Map<?, ?>) m.get("config")).get("cell"));
    assertTrue(((Map<?, ?>) m.get("provenance")).size() > 0, models.body());
  }

  @Test
  void aCompletionIsOpenAiShapedAndTheSeedMakesItRepeatable() throws Exception {
    String req = "{\"model\":\"words\",\"prompt\":\"the cat\",\"max_tokens\":8,\"temperature\":0.9,"
        + "\"top_p\":0.95,\"n\":3,\"seed\":42,\"user\":\"extras are ignored\"}";
    Reply a = post("/v1/completions", req);
    assertEquals(200, a.status(), a.body());
    assertEquals("text_completion", a.json().get("object"));
    List<?> choices = (List<?>) a.json().get("choices");
    assertEquals(3, choices.size());
    for (Object c : choices) {
      String text = (String) ((Map<?, ?>) c).get("text");
      assertTrue(text.isEmpty() || text.startsWith(" "), text);
    }
    Reply b = post("/v1/completions", req);
    assertEquals(choices, b.json().get("choices"));
    Reply greedy = post("/v1/completions", "{\"prompt\":\"the dog\",\"temperature\":0,\"max_tokens\":10}");
    Map<?, ?> g = (Map<?, ?>) ((List<?>) greedy.json().get("choices")).get(0);
    assertEquals(" sat on the log", g.get("text"), greedy.body());
    assertEquals("stop", g.get("finish_reason"));
    Reply stopped = post("/v1/completions",
        "{\"prompt\":\"the dog\",\"temperature\":0,\"max_tokens\":10,\"stop\":[\" the\"]}");
    assertEquals(" sat on", ((Map<?, ?>) ((List<?>) stopped.json().get("choices")).get(0)).get("text"));
    Reply beam = post("/v1/completions", "{\"prompt\":\"the dog\",\"beam\":4,\"n\":2,\"max_tokens\":10}");
    assertEquals(2, ((List<?>) beam.json().get("choices")).size(), beam.body());
  }

  @Test
  void aStreamedCompletionArrivesTokenByTokenAsServerSentEvents() throws Exception {
    Reply r = post("/v1/completions", "{\"prompt\":\"the dog\",\"temperature\":0,\"max_tokens\":10,\"stream\":true}");
    assertEquals(200, r.status());
    List<String> data = r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertEquals("[DONE]", data.get(data.size() - 1));
    StringBuilder text = new StringBuilder();
    for (String d : data.subList(0, data.size() - 1)) {
      text.append(((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(d)).get("choices")).get(0)).get("text"));
    }
    assertEquals(" sat on the log", text.toString());
    assertEquals(6, data.size(), "four tokens, the end of the choice, [DONE]: " + data);
  }

  @Test
  void nextGivesTheTopTokensAndExplainTheExplanation() throws Exception {
    Reply next = post("/v1/next", "{\"prefix\":\"the cat sat\",\"top_k\":3}");
    assertEquals(200, next.status(), next.body());
    List<?> top = (List<?>) next.json().get("next");
    assertEquals(3, top.size());
    assertEquals("on", ((Map<?, ?>) top.get(0)).get("token"));
    Reply ex = post("/v1/explain", "{\"text\":\"the cat sat\",\"top\":2}");
    assertEquals(200, ex.status(), ex.body());
    assertEquals(List.of("<s>", "the", "cat", "sat"), ex.json().get("tokens"));
    assertEquals(4, ((List<?>) ((List<?>) ex.json().get("gradients")).get(0)).size());
  }

  @Test
  void badRequestsGetJsonErrorsWithTheRightStatus() throws Exception {
    assertEquals(400, post("/v1/completions", "{\"prompt\": ").status());
    assertEquals(400, post("/v1/completions", "[1, 2]").status());
    assertEquals(400, post("/v1/completions", "{\"max_tokens\":\"ten\"}").status());
    assertEquals(400, post("/v1/completions", "{\"max_tokens\":1001}").status());
    assertEquals(400, post("/v1/completions", "{\"n\":17}").status());
    assertEquals(400, post("/v1/completions", "{\"beam\":17}").status());
    assertEquals(400, post("/v1/completions", "{\"stream\":\"yes\"}").status());
    assertEquals(400, post("/v1/completions", "{\"top_p\":0}").status());
    assertEquals(400, post("/v1/completions", "{\"temperature\":-1}").status());
    assertEquals(400, post("/v1/completions", "{\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}").status());
    assertEquals(400, post("/v1/next", "{\"top_k\":0}").status());
    assertEquals(400, post("/v1/explain", "{}").status());
    assertEquals(400, post("/v1/explain", "{\"text\":\"" + "the ".repeat(201) + "\"}").status());
    Reply unknown = post("/v1/completions", "{\"model\":\"/etc/passwd\"}");
    assertEquals(404, unknown.status());
    assertEquals("model_not_found", unknown.errorType());
    assertEquals(404, get("/v2/anything").status());
    assertEquals(405, get("/v1/completions").status());
  }

  @Test
  void anOversizedBodyIsAnswered413EvenWhileTheClientIsStillSending() throws Exception {
    // over the 64 KiB limit, and over the 64 KiB the JDK server drains by itself; sized or chunked
    String sized = "{\"prompt\":\"" + "a".repeat(1 << 20) + "\"}";
    for (int i = 0; i < 5; i++) {
      Reply large = post("/v1/completions", sized);
      assertEquals(413, large.status());
      assertEquals("request_too_large", large.errorType());
    }
    byte[] bytes = sized.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> chunked = CLIENT.send(HttpRequest.newBuilder(server.uri().resolve("/v1/next"))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(413, chunked.statusCode());
  }

  @Test
  void aFullQueueGets503AtOnceAndTheQueuedRequestsStillFinish() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(2);
    server.beforeWork = () -> {
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    try {
      List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
      for (int i = 0; i < 2; i++) { // two workers busy
        held.add(sendAsync());
      }
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      for (int i = 0; i < 2; i++) { // two queued
        held.add(sendAsync());
      }
      Thread.sleep(300);
      Reply refused = post("/v1/next", "{\"prefix\":\"the\"}");
      assertEquals(503, refused.status(), refused.body());
      assertEquals("overloaded", refused.errorType());
      release.countDown();
      for (CompletableFuture<HttpResponse<String>> f : held) {
        assertEquals(200, f.get(10, TimeUnit.SECONDS).statusCode());
      }
    } finally {
      server.beforeWork = () -> {};
      release.countDown();
    }
  }

  private static CompletableFuture<HttpResponse<String>> sendAsync() {
    return CLIENT.sendAsync(HttpRequest.newBuilder(server.uri().resolve("/v1/next"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"prefix\":\"the\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aClientThatNeverSendsItsBodyIsCutOffAfterTheReadTimeout() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/next HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"pre")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      while (in.read(buf) >= 0) {
        // whatever comes (an error reply), until the server closes the connection
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(seconds < 8, "closed after " + seconds + " s");
    }
    assertEquals(200, get("/health").status(), "the server still answers");
  }
}

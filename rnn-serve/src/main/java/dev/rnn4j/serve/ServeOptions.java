package dev.rnn4j.serve;

import java.time.Duration;

/**
 * How a {@link ModelServer} listens and what it bounds. Every request is checked against the caps
 * before any work; a request over a cap gets a 400 naming it (the body limit: 413).
 *
 * @param host the address to bind; {@value #DEFAULT_HOST} (loopback only) unless told otherwise
 * @param port the port; 0 picks a free one ({@link ModelServer#port()} tells which)
 * @param workers threads that run models, each with its own step models and explainers
 * @param queue requests waiting for a worker; beyond that the server answers 503 at once
 * @param readTimeout the longest a client may take to send its request (headers and body); the
 *     JDK server applies it JVM-wide, so the first server started in a JVM sets it
 * @param maxBodyBytes the largest request body; larger gets 413
 */
public record ServeOptions(String host, int port, int workers, int queue, Duration readTimeout,
    int maxBodyBytes) {
  /** Loopback: the server is not reachable from other machines unless a host is given. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The default port. */
  public static final int DEFAULT_PORT = 8080;
  /** Cap on {@code max_tokens}. */
  public static final int MAX_TOKENS = 1000;
  /** Cap on {@code n} (completions per request). */
  public static final int MAX_N = 16;
  /** Cap on {@code beam} (beam width). */
  public static final int MAX_BEAM = 16;
  /** Cap on {@code top_k} of {@code /v1/next} and {@code top} of {@code /v1/explain}. */
  public static final int MAX_TOP = 100;
  /** Cap on the length of a prompt or prefix, in characters. */
  public static final int MAX_PROMPT_CHARS = 10_000;
  /** Cap on the tokens of an explained text (gradients cost the square of the length). */
  public static final int MAX_EXPLAIN_TOKENS = 200;
  /** Cap on the number of stop sequences. */
  public static final int MAX_STOPS = 4;

  /** Validates. */
  public ServeOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("the host is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("the port must be 0..65535, not " + port);
    }
    if (workers < 1 || workers > 256 || queue < 0 || queue > 100_000) {
      throw new IllegalArgumentException("workers 1..256 and queue 0..100000, not " + workers
          + " and " + queue);
    }
    if (readTimeout.isNegative() || readTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("the read timeout must be at least 1 s");
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("the body limit must be at least 1024 bytes");
    }
  }

  /**
   * @return loopback, port {@value #DEFAULT_PORT}, one worker per core, a queue of 64, 10 s to
   *     send a request, bodies up to 1 MiB
   */
  public static ServeOptions defaults() {
    return new ServeOptions(DEFAULT_HOST, DEFAULT_PORT, Runtime.getRuntime().availableProcessors(),
        64, Duration.ofSeconds(10), 1 << 20);
  }

  /** @return these options on another host and port */
  public ServeOptions at(String newHost, int newPort) {
    return new ServeOptions(newHost, newPort, workers, queue, readTimeout, maxBodyBytes);
  }
}

package dev.rnn4j.serve;

import com.sun.net.httpserver.HttpExchange;
import dev.rnn4j.core.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reading request bodies within a limit, and writing JSON and static assets. */
final class Http {
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
      "png", "image/png");

  /**
   * How much of a refused body is still read before answering 413. The JDK server closes a
   * connection with more than 64 KiB unread, and a client whose upload is cut off by that close
   * may lose the answer (the TCP reset discards it); reading the rest lets the client see 413.
   * Beyond this the connection is simply closed. The read timeout bounds the time it takes.
   */
  static final long DRAIN_LIMIT = 16L << 20;

  private Http() {}

  /** @return the body; 413 when it is longer than {@code limit} bytes */
  static byte[] body(HttpExchange ex, int limit) {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    long declared;
    try {
      declared = length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Content-Length is not a number");
    }
    try (InputStream in = ex.getRequestBody()) {
      if (declared > limit) {
        discard(in, DRAIN_LIMIT);
        throw tooLarge(limit);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
        if (out.size() > limit) {
          discard(in, DRAIN_LIMIT);
          throw tooLarge(limit);
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new ApiException(400, "invalid_request_error", "could not read the body: " + e.getMessage());
    }
  }

  /** Reads and drops up to {@code max} bytes of what the client is still sending. */
  private static void discard(InputStream in, long max) throws IOException {
    byte[] buf = new byte[8192];
    long read = 0;
    for (int n; read < max && (n = in.read(buf)) > 0; ) {
      read += n;
    }
  }

  private static ApiException tooLarge(int limit) {
    return new ApiException(413, "request_too_large", "the body is larger than " + limit + " bytes");
  }

  static void json(HttpExchange ex, int status, Object value) {
    send(ex, status, "application/json; charset=utf-8", Json.write(value).getBytes(StandardCharsets.UTF_8));
  }

  static void asset(HttpExchange ex, String resource) {
    try (InputStream in = ModelServer.resource(resource)) {
      if (in == null) {
        throw new ApiException(404, "not_found", "no such asset");
      }
      String ext = resource.substring(resource.lastIndexOf('.') + 1);
      ex.getResponseHeaders().set("Content-Security-Policy",
          "default-src 'self'; style-src 'self' 'unsafe-inline'");
      send(ex, 200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(HttpExchange ex, int status, String type, byte[] bytes) {
    try {
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      ex.close();
    }
  }
}

package dev.rnn4j.serve;

/**
 * A request the server refuses, with the HTTP status and the error type the JSON error body
 * carries ({@code {"error": {"message", "type", "status"}}}).
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String type;

  ApiException(int status, String type, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "invalid_request_error", message);
  }
}

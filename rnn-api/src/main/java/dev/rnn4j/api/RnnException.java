package dev.rnn4j.api;

/**
 * A failure whose message is written for the person using rnn4j: it names the problem and, where
 * possible, the fix ("unknown backend 'foo'; available: ejml, scalar, simd"). Command-line front
 * ends print the message alone, without a stack trace, and exit with status 1.
 *
 * <p>Internal bugs are reported with ordinary unchecked exceptions, never with this type.
 */
public class RnnException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message the complete, user-readable message */
  public RnnException(String message) {
    super(message);
  }

  /**
   * @param message the complete, user-readable message
   * @param cause the underlying failure (an I/O error, say), kept for logs
   */
  public RnnException(String message, Throwable cause) {
    super(message, cause);
  }
}

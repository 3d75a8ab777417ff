package dev.rnn4j.testkit.fuzz;

import dev.rnn4j.api.RnnException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One kind of hostile input and the code that must withstand it. A target is created once per
 * run, used by one thread, then closed. Implementations found with {@link java.util.ServiceLoader}
 * (by {@link FuzzMain}) need a public no-argument constructor.
 *
 * <p>Order of calls: {@link #seeds()} once, then any number of {@link #generate} and {@link #run}
 * calls, then {@link #close()}.
 */
public interface FuzzTarget extends AutoCloseable {
  /** @return a short lower-case name, unique in a run ({@code json}, {@code model-file}) */
  String name();

  /** @return valid inputs that mutation starts from (at least one; not modified by the caller) */
  List<byte[]> seeds();

  /**
   * Structure-aware generation: an input built from the format's grammar rather than from bytes.
   *
   * @param random the only source of randomness (so an input can be made again from its seed)
   * @return an input, or null to let the fuzzer mutate a seed instead (the default)
   */
  default byte[] generate(SplittableRandom random) {
    return null;
  }

  /** @return byte strings that mutation inserts (keywords of the format); empty by default */
  default List<byte[]> dictionary() {
    return List.of();
  }

  /**
   * Feeds {@code input} to the code under test. Returning normally means the input was accepted;
   * throwing a {@linkplain #isDocumented documented} error means it was refused cleanly; anything
   * else (an unexpected exception or a failed oracle, as an {@code AssertionError}) is a finding.
   */
  void run(byte[] input) throws Exception;

  /** @return whether {@code t} is the error the code under test documents for bad input */
  default boolean isDocumented(Throwable t) {
    return t instanceof RnnException;
  }

  /** Releases what the target holds (temporary files); the default does nothing. */
  @Override
  default void close() {}
}

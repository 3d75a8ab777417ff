/**
 * A seeded fuzzer for the inputs rnn4j reads from users: model files, JSON documents, metrics
 * files, corpora and tokenizer input. {@link dev.rnn4j.testkit.fuzz.Fuzzer} runs {@link
 * dev.rnn4j.testkit.fuzz.FuzzTarget}s on inputs made by seeded mutation of valid samples and by
 * structure-aware generation, and reports every input that ends in anything but the documented
 * error ({@link dev.rnn4j.api.RnnException}), an {@code OutOfMemoryError}, or takes longer than one
 * second. {@link dev.rnn4j.testkit.fuzz.FuzzMain} is the long run from the command line.
 */
package dev.rnn4j.testkit.fuzz;

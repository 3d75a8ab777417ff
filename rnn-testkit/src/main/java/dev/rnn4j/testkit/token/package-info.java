/**
 * The conformance kit for tokenizer plugins: subclass {@link
 * dev.rnn4j.testkit.token.TokenizerConformanceTest} in one line to check a {@link
 * dev.rnn4j.api.token.TokenizerProvider}.
 */
package dev.rnn4j.testkit.token;

/**
 * Tokenizer plugins ({@code whitespace}, {@code char}, {@code pattern}, {@code chinese}, {@code
 * bpe}), vocabulary building ({@link dev.rnn4j.core.data.VocabularyBuilder}), corpus reading
 * ({@link dev.rnn4j.core.data.CorpusReader}) and a throughput probe ({@link
 * dev.rnn4j.tokenizers.TokenizerThroughput}).
 *
 * <p>Users reach the tokenizers through {@link dev.rnn4j.api.token.TokenizerProvider} (found with
 * {@link java.util.ServiceLoader}); the tokenizer classes themselves are not public.
 */
package dev.rnn4j.tokenizers;

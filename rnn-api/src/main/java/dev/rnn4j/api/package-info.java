/**
 * The public value types of rnn4j: {@link dev.rnn4j.api.Tensor}, {@link dev.rnn4j.api.DType},
 * {@link dev.rnn4j.api.Parameter}, {@link dev.rnn4j.api.Options} and the user-facing {@link
 * dev.rnn4j.api.RnnException}. The SPIs live in the sub-packages.
 */
package dev.rnn4j.api;

/**
 * Small example applications built only on the public API of rnn4j: a character-level Chinese
 * poetry generator ({@link dev.rnn4j.examples.apps.PoetryGenerator}) and an English sonnet line
 * generator ({@link dev.rnn4j.examples.apps.SonnetGenerator}). Each trains an Elman model on a
 * corpus fetched with {@code scripts/fetch-corpus}, saves it, and generates from it; run them with
 * {@code scripts/run-example NAME [options]}.
 */
package dev.rnn4j.examples.apps;

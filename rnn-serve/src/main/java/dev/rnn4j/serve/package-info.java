/**
 * The rnn4j HTTP server: a JSON API (OpenAI-style completions with server-sent events, next-token
 * tables, explanations, model listing, health) and a web page, on the JDK's built-in HTTP server
 * and the public API of rnn-core only.
 */
package dev.rnn4j.serve;

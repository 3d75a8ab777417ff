/**
 * Explanations of a language model along a text: the next-token table with surprisal, the state
 * of every layer at every step, and how the gradient of each step's loss fades back in time.
 */
package dev.rnn4j.core.explain;

/**
 * The rnn4j engine: plugin selection ({@code plugin}), region checks for the math backend ({@code ops}),
 * the Elman cell ({@code cell}), the language model and BPTT ({@code model}), training ({@code
 * train}), generation ({@code generate}) and model files ({@code io}).
 */
package dev.rnn4j.core;

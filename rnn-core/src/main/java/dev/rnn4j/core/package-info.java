/**
 * The rnn4j engine: plugin selection ({@code plugin}), the scalar reference backend ({@code ops}),
 * the Elman cell ({@code cell}), the language model and BPTT ({@code model}), training ({@code
 * train}), generation ({@code generate}) and model files ({@code io}).
 */
package dev.rnn4j.core;

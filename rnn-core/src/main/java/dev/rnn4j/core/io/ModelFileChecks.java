package dev.rnn4j.core.io;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.plugin.Plugins;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The consistency checks {@link ModelFile#load} makes between the fields of one model file, each
 * failing with an {@link RnnException} that names the file and the field. Stateless.
 */
final class ModelFileChecks {
  private ModelFileChecks() {}

  /**
   * Checks, before the network is allocated, that {@code V} is {@code [vocab_size, hidden_size]}
   * (with tied weights: the first layer's input table {@code layers.0.Ut}, which stands for it)
   * and that every layer of {@code config.layers} has tensors (so a damaged configuration cannot
   * ask for more memory than the file holds).
   */
  static void shapesFitConfig(Path path, ModelConfig mc, Map<String, Tensor> tensors) {
    String output = mc.tiedWeights() ? "layers.0.Ut" : "V";
    Tensor v = tensors.get(output);
    if (v == null) {
      throw new RnnException(path + " lacks the tensor '" + output + "' (the output layer)");
    }
    if (v.rank() != 2 || v.dim(0) != mc.vocabSize() || v.dim(1) != mc.hiddenSize()) {
      throw new RnnException(path + ": tensor '" + output + "' is " + v.describe() + " but config 'vocab_size' "
          + mc.vocabSize() + " and 'hidden_size' " + mc.hiddenSize() + " need ["
          + mc.vocabSize() + ", " + mc.hiddenSize() + "]");
    }
    int present = 0;
    while (hasLayer(tensors, present)) {
      present++;
    }
    if (present != mc.layers()) {
      throw new RnnException(path + ": config 'layers' is " + mc.layers() + " but the file holds "
          + present + " layer" + (present == 1 ? "" : "s") + " of tensors");
    }
  }

  private static boolean hasLayer(Map<String, Tensor> tensors, int layer) {
    String prefix = "layers." + layer + ".";
    for (String name : tensors.keySet()) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * @return {@code value} when it can be a plugin or dtype name (1 to 64 letters, digits, '.',
   *     '_' or '-'), so that a damaged name never reaches a message whole
   * @throws RnnException naming the file and {@code field} otherwise
   */
  static String name(Path path, String field, Object value) {
    if (!(value instanceof String) || !((String) value).matches("[A-Za-z0-9._-]{1,64}")) {
      throw new RnnException(path + ": " + field + " '" + Messages.shorten(String.valueOf(value))
          + "' is not a plugin name");
    }
    return (String) value;
  }

  /** @return the vocabulary of the metadata {@code vocabulary}, checked against the config */
  static Vocabulary vocabulary(Path path, Object raw, ModelConfig mc) {
    List<String> tokens = new ArrayList<>();
    for (Object o : (List<?>) raw) {
      if (!(o instanceof String)) {
        throw new RnnException(path + ": metadata 'vocabulary' entry " + tokens.size()
            + " is not a string");
      }
      tokens.add((String) o);
    }
    if (tokens.size() != mc.vocabSize()) {
      throw new RnnException(path + ": metadata 'vocabulary' has " + tokens.size()
          + " tokens but config 'vocab_size' and the tensors have " + mc.vocabSize());
    }
    Map<String, Integer> seen = new java.util.HashMap<>();
    for (int id = 0; id < tokens.size(); id++) {
      Integer first = seen.putIfAbsent(tokens.get(id), id);
      if (first != null) {
        throw new RnnException(path + ": metadata 'vocabulary' lists '" + Messages.shorten(tokens.get(id))
            + "' twice (ids " + first + " and " + id + ")");
      }
    }
    try {
      return Vocabulary.of(tokens);
    } catch (RnnException e) {
      throw new RnnException(path + ": metadata 'vocabulary' is invalid: " + Messages.oneLine(e.getMessage()));
    }
  }

  /**
   * Re-creates the tokenizer from its settings and checks that it can produce every token of the
   * vocabulary. Skipped when no available plugin has the name (generation then reports it).
   */
  static void tokenizer(Path path, Plugins plugins, String name, Options settings, Vocabulary vocab) {
    TokenizerProvider provider = null;
    for (TokenizerProvider p : plugins.tokenizers().all()) {
      if (p.name().equals(name) && p.isAvailable()) {
        provider = p;
      }
    }
    if (provider == null) {
      return;
    }
    Tokenizer t;
    try {
      t = provider.create(settings);
    } catch (RnnException e) {
      throw new RnnException(path + ": metadata 'tokenizer_settings' do not make a valid tokenizer '"
          + name + "': " + Messages.oneLine(e.getMessage()));
    }
    List<String> tokens = vocab.tokens();
    for (int id = Vocabulary.SPECIALS.size(); id < tokens.size(); id++) {
      if (!t.canProduce(tokens.get(id))) {
        throw new RnnException(path + ": vocabulary token '" + Messages.shorten(tokens.get(id)) + "' (id "
            + id + ") cannot come from tokenizer '" + name + "' with the stored"
            + " 'tokenizer_settings' (merges or alphabet removed or damaged?)");
      }
    }
  }
}

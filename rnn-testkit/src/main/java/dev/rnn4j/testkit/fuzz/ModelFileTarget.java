package dev.rnn4j.testkit.fuzz;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.generate.Generator;
import dev.rnn4j.core.generate.TextGenerator;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link ModelFile#load} on safetensors bytes (which covers {@code SafeTensors.read} and the JSON
 * of header and metadata); a model that loads must also generate a few tokens, from ids and, when
 * its tokenizer is present, from text.
 */
public final class ModelFileTarget implements FuzzTarget {
  private final Plugins plugins = Plugins.defaults();
  private final TensorOps ops = plugins.backend("scalar", Options.empty());
  private final TempFile file = new TempFile("model.safetensors");

  /** Makes the sample model files (once per JVM). */
  public ModelFileTarget() {
    Samples.modelFiles();
  }

  @Override
  public String name() {
    return "model-file";
  }

  @Override
  public List<byte[]> seeds() {
    return Samples.modelFiles();
  }

  @Override
  public List<byte[]> dictionary() {
    return JsonTarget.words();
  }

  @Override
  public byte[] generate(SplittableRandom random) {
    List<byte[]> s = Samples.modelFiles();
    return ModelFileMutations.damage(s.get(random.nextInt(s.size())), random);
  }

  @Override
  public void run(byte[] input) throws IOException {
    Path p = file.write(input);
    LanguageModel lm = ModelFile.load(p, ops, plugins);
    Vocabulary v = lm.vocabulary();
    new Generator(lm.network(), v.eosId(), v.padId(), v.bosId()).greedy(new int[] {v.bosId()}, 3);
    boolean tokenizerPresent = plugins.tokenizers().all().stream()
        .anyMatch(t -> t.name().equals(lm.tokenizer()) && t.isAvailable());
    if (tokenizerPresent) {
      TextGenerator.of(lm, plugins).greedy("the cat", 3);
    }
  }

  @Override
  public void close() {
    file.close();
  }
}

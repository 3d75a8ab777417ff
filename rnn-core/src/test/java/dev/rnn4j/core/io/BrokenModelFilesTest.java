package dev.rnn4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.cell.ElmanCellProvider;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import dev.rnn4j.core.plugin.Plugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Hand-made broken model files: each is one RnnException naming the file and the field. */
class BrokenModelFilesTest {
  private static final TensorOps OPS = ScalarTensorOpsProvider.reference();
  private static final Vocabulary VOCAB = Vocabulary.withSpecials(List.of("a", "b", "c", "d"));

  @TempDir Path dir;
  private Path good;
  private byte[] bytes;

  @BeforeEach
  void saveAGoodModel() throws IOException {
    good = dir.resolve("good.safetensors");
    ModelFile.save(model(), good);
    bytes = Files.readAllBytes(good);
  }

  private static LanguageModel model() {
    RnnLanguageModel net = new RnnLanguageModel(ModelConfig.elman(VOCAB.size(), 3, DType.F32), OPS,
        new ElmanCellProvider(), new SoftmaxCrossEntropyProvider().create(OPS, Options.empty()),
        new SplittableRandom(3));
    return new LanguageModel(net, VOCAB, "whitespace", Options.empty(), Map.of());
  }

  private String refusal(String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content);
    RnnException e = assertThrows(RnnException.class, () -> ModelFile.load(p, OPS, Plugins.defaults()));
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    assertTrue(e.getMessage().indexOf('\n') < 0, e.getMessage());
    return e.getMessage();
  }

  @Test
  void aGoodFileLoadsVerifiedWithoutWarning() {
    ListAppender<ILoggingEvent> log = listen();
    assertEquals(VOCAB, ModelFile.load(good, OPS, Plugins.defaults()).vocabulary());
    assertTrue(log.list.isEmpty(), log.list.toString());
  }

  @Test
  void aRunFolderStandsForItsModelFile() throws IOException {
    Path run = Files.createDirectory(dir.resolve("run"));
    Files.copy(good, run.resolve(ModelFile.RUN_MODEL));
    assertEquals(VOCAB, ModelFile.load(run, OPS, Plugins.defaults()).vocabulary());
  }

  @Test
  void aRunFolderWithoutAModelNamesItsCheckpointAndResume() throws IOException {
    Path run = Files.createDirectory(dir.resolve("killed"));
    Files.write(run.resolve(ModelFile.RUN_CHECKPOINT), new byte[] {1});
    RnnException e = assertThrows(RnnException.class, () -> ModelFile.load(run, OPS, Plugins.defaults()));
    assertTrue(e.getMessage().contains("--resume " + run), e.getMessage());
    assertTrue(e.getMessage().contains(ModelFile.RUN_CHECKPOINT), e.getMessage());
    Path empty = Files.createDirectory(dir.resolve("empty"));
    e = assertThrows(RnnException.class, () -> ModelFile.load(empty, OPS, Plugins.defaults()));
    assertTrue(e.getMessage().startsWith(empty + " is a folder without " + ModelFile.RUN_MODEL), e.getMessage());
  }

  @Test
  void aFileWithoutChecksumsLoadsWithOneWarning() throws IOException {
    Path old = dir.resolve("old.safetensors");
    Files.write(old, SafeTensorsSurgery.editUnverified(bytes, m -> { }));
    ListAppender<ILoggingEvent> log = listen();
    assertEquals(VOCAB, ModelFile.load(old, OPS, Plugins.defaults()).vocabulary());
    assertEquals(1, log.list.size());
    assertTrue(log.list.get(0).getFormattedMessage().contains("unverified"));
  }

  private static ListAppender<ILoggingEvent> listen() {
    ListAppender<ILoggingEvent> a = new ListAppender<>();
    a.start();
    ((Logger) LoggerFactory.getLogger(SafeTensors.class)).addAppender(a);
    return a;
  }

  @Test
  void aFlippedTensorByteIsCaughtByItsChecksum() throws IOException {
    byte[] b = bytes.clone();
    b[b.length - 3] ^= 0x01;
    String m = refusal("flipped.safetensors", b);
    assertTrue(m.contains("tensor 'by'") && m.contains("CRC32C"), m);
  }

  @Test
  void anEditedMetadataValueIsCaughtByTheChecksum() throws IOException {
    String h = new String(bytes, 8, SafeTensorsSurgery.headerLength(bytes), "UTF-8");
    byte[] b = SafeTensorsSurgery.withHeaderText(bytes, h.replace("\\\"d\\\"", "\\\"x\\\""));
    assertTrue(refusal("edited.safetensors", b).contains("metadata do not match"));
  }

  @Test
  void aVocabularyShorterThanTheTensorsNamesBothFields() throws IOException {
    byte[] b = SafeTensorsSurgery.editUnverified(bytes, m -> {
      List<String> v = new ArrayList<>(VOCAB.tokens());
      v.remove(v.size() - 1);
      m.put("vocabulary", Json.write(v));
    });
    String msg = refusal("short-vocab.safetensors", b);
    assertTrue(msg.contains("'vocabulary' has 7 tokens") && msg.contains("'vocab_size'"), msg);
  }

  @Test
  void aConfigThatDisagreesWithTheShapesIsRefusedBeforeAllocating() throws IOException {
    byte[] b = SafeTensorsSurgery.editUnverified(bytes, m -> m.put("config",
        ((String) m.get("config")).replace("\"hidden_size\":3", "\"hidden_size\":2000000000")));
    String msg = refusal("huge-hidden.safetensors", b);
    assertTrue(msg.contains("tensor 'V'") && msg.contains("'hidden_size' 2000000000"), msg);
    byte[] layers = SafeTensorsSurgery.editUnverified(bytes, m -> m.put("config",
        ((String) m.get("config")).replace("\"layers\":1", "\"layers\":2")));
    assertTrue(refusal("layers.safetensors", layers).contains("config 'layers' is 2"));
  }

  @Test
  void namesAndTokensWithLineBreaksStayInAOneLineMessage() throws IOException {
    byte[] cell = SafeTensorsSurgery.editUnverified(bytes, m -> m.put("config",
        ((String) m.get("config")).replace("\"cell\":\"elman\"", "\"cell\":\"elman\\nrnn4j: forged\"")));
    assertTrue(refusal("cell.safetensors", cell).contains("config 'cell' 'elman\\u000arnn4j: forged'"));
    byte[] twice = SafeTensorsSurgery.editUnverified(bytes, m -> {
      List<String> v = new ArrayList<>(VOCAB.tokens());
      v.set(4, "x\ny");
      v.set(5, "x\ny");
      m.put("vocabulary", Json.write(v));
    });
    assertTrue(refusal("twice.safetensors", twice).contains("lists 'x\\u000ay' twice (ids 4 and 5)"));
  }

  @Test
  void nestedSettingsNameTheField() throws IOException {
    byte[] nested = SafeTensorsSurgery.editUnverified(bytes,
        m -> m.put("tokenizer_settings", "{\"x\":{\"y\":1}}"));
    assertTrue(refusal("tok.safetensors", nested).contains("'tokenizer_settings' entry 'x'"));
  }

  @Test
  void aNanWeightIsRefused() throws IOException {
    LanguageModel lm = model();
    lm.network().parameter("layers.0.W").value().set(4, Double.NaN);
    Path p = dir.resolve("nan.safetensors");
    ModelFile.save(lm, p);
    RnnException e = assertThrows(RnnException.class, () -> ModelFile.load(p, OPS, Plugins.defaults()));
    assertTrue(e.getMessage().contains("tensor 'layers.0.W' holds NaN at index 4"), e.getMessage());
    lm.network().parameter("layers.0.W").value().set(4, Double.NEGATIVE_INFINITY);
    ModelFile.save(lm, p);
    assertThrows(RnnException.class, () -> ModelFile.load(p, OPS, Plugins.defaults()));
  }

  @Test
  void deeplyNestedHeaderIsOneClearError() throws IOException {
    String msg = refusal("nested.safetensors",
        SafeTensorsSurgery.withHeaderText(bytes, "[".repeat(100_000)));
    assertTrue(msg.contains("nested deeper than the limit of 64"), msg);
  }

  @Test
  void aHeaderThatIsNotUtf8IsNamed() throws IOException {
    byte[] b = bytes.clone();
    b[9] = (byte) 0xff;
    assertTrue(refusal("latin.safetensors", b).contains("not UTF-8"));
  }
}

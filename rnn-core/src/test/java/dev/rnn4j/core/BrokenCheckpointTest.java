package dev.rnn4j.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.io.SafeTensorsSurgery;
import dev.rnn4j.core.train.TrainingConfig;
import dev.rnn4j.core.train.TrainingData;
import dev.rnn4j.core.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged checkpoints: resuming is one RnnException naming the file and the field. */
class BrokenCheckpointTest {
  @TempDir Path dir;
  private byte[] good;

  @BeforeEach
  void writeACheckpoint() throws IOException {
    Path ckpt = dir.resolve("good.safetensors");
    TrainerFeaturesTest.trainer(TrainerFeaturesTest.model(1), TrainingConfig.of(1, 2, 1))
        .checkpoints(ckpt, 0).fit(data(), new TrainingListener() {});
    good = Files.readAllBytes(ckpt);
  }

  private static TrainingData data() {
    return TrainingData.sentences(TrainerFeaturesTest.sentences(4, 1));
  }

  private String resume(String name, byte[] content) throws IOException {
    Path p = Files.write(dir.resolve(name), content);
    RnnException e = assertThrows(RnnException.class, () -> TrainerFeaturesTest.trainer(
        TrainerFeaturesTest.model(1), TrainingConfig.of(2, 2, 1)).resume(p, data(), new TrainingListener() {}));
    assertTrue(e.getMessage().contains(name) && e.getMessage().indexOf('\n') < 0, e.getMessage());
    return e.getMessage();
  }

  @Test
  void aFlippedByteIsCaughtByTheChecksum() throws IOException {
    byte[] b = good.clone();
    b[b.length - 5] ^= 0x10;
    assertTrue(resume("flipped.safetensors", b).contains("CRC32C"));
  }

  @Test
  void aTrainerStateOfTheWrongKindNamesTheField() throws IOException {
    byte[] b = SafeTensorsSurgery.editUnverified(good,
        m -> m.put("trainer", ((String) m.get("trainer")).replace("\"epoch\":", "\"epoch\":\"x\",\"was\":")));
    assertTrue(resume("epoch.safetensors", b).contains("trainer state 'epoch'"));
    byte[] history = SafeTensorsSurgery.editUnverified(good,
        m -> m.put("trainer", ((String) m.get("trainer")).replace("\"history\":[", "\"history\":[[1],")));
    assertTrue(resume("history.safetensors", history).contains("trainer state 'history'"));
    byte[] notJson = SafeTensorsSurgery.editUnverified(good, m -> m.put("trainer", "{\"epoch\":"));
    assertTrue(resume("json.safetensors", notJson).contains("metadata 'trainer' is not valid JSON"));
  }
}

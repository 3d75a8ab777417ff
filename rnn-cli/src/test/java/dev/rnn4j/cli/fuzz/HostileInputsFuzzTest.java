package dev.rnn4j.cli.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.rnn4j.core.io.SafeTensors;
import dev.rnn4j.testkit.fuzz.CheckpointTarget;
import dev.rnn4j.testkit.fuzz.FuzzReport;
import dev.rnn4j.testkit.fuzz.FuzzTarget;
import dev.rnn4j.testkit.fuzz.Fuzzer;
import dev.rnn4j.testkit.fuzz.JsonTarget;
import dev.rnn4j.testkit.fuzz.ModelFileTarget;
import dev.rnn4j.testkit.fuzz.TokenizerTarget;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The bounded fuzz run of the test suite (seed 17, a fixed number of inputs, about 30 s): model
 * files, checkpoints, JSON, tokenizers, corpora and metrics files end in the documented error or work; no
 * other exception, no out-of-memory, nothing slower than a second. The long run is {@code
 * scripts/fuzz.sh}.
 */
class HostileInputsFuzzTest {
  static final long INPUTS = 21_000;

  @Test
  void hostileInputsEndInTheDocumentedErrorOnly() {
    List<FuzzTarget> targets = List.of(new JsonTarget(), new ModelFileTarget(), new CheckpointTarget(),
        new TokenizerTarget(),
        new CorpusFuzzTarget(), new MetricsFuzzTarget());
    FuzzReport report;
    Logger loader = (Logger) LoggerFactory.getLogger(SafeTensors.class);
    Level level = loader.getLevel();
    loader.setLevel(Level.ERROR); // one "unverified" WARN per fuzzed file without checksums
    try {
      report = new Fuzzer(targets, 17).run(INPUTS, 0, r -> { });
    } finally {
      loader.setLevel(level);
      targets.forEach(FuzzTarget::close);
    }
    assertEquals(0, report.findingCount(), report.describeFindings());
    for (FuzzReport.TargetStats t : report.targets()) {
      assertEquals(INPUTS / targets.size(), t.inputs());
      assertTrue(t.accepted() > 0, t.name() + " accepted no input: " + t);
      // tokenizers take any string; every other target must also have refused inputs
      assertTrue(t.refused() > 0 || t.name().equals("tokenizers"), t.name() + " refused none: " + t);
    }
  }
}

package org.example.capwords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.core.plugin.Plugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application as its users run it: a configuration file chooses the backend. */
class AppTest {
  @Test
  void thePluginIsFoundByServiceLoader() {
    Plugins plugins = Plugins.defaults();
    assertEquals("capwords", plugins.select(plugins.tokenizers(), "capwords").name());
  }

  @Test
  void theConfigurationFileChoosesTheBackendAndTheOwnTokenizerTrains(@TempDir Path dir) throws Exception {
    for (String backend : new String[] {"ejml", "scalar"}) {
      Path config = Files.writeString(dir.resolve(backend + ".json"), "{\"backend\": \"" + backend
          + "\", \"tokenizer\": \"capwords\", \"hidden\": 16, \"epochs\": 30, \"seed\": 3}");
      List<String> out = App.run(config);
      assertEquals("backend " + backend + ", tokenizer capwords", out.get(0));
      assertTrue(out.get(1).startsWith("The ") && out.get(1).length() > 6, out.get(1));
      for (String word : out.get(1).toLowerCase(java.util.Locale.ROOT).split("[ .]+")) {
        assertTrue(String.join(" ", App.SENTENCES).toLowerCase(java.util.Locale.ROOT).contains(word), word);
      }
    }
  }

  @Test
  void tokensRoundTripToReadableText() {
    CapWordsTokenizer t = new CapWordsTokenizer();
    assertEquals(List.of("^", "the", "^", "cat", "sat", "."), t.tokenize("The Cat sat."));
    assertEquals("The Cat sat.", t.detokenize(t.tokenize("The  Cat sat.")));
  }
}

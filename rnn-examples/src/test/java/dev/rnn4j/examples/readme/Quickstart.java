package dev.rnn4j.examples.readme;

import dev.rnn4j.core.generate.TextGenerator;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunResult;
import dev.rnn4j.core.run.TrainingRun;
import java.util.SplittableRandom;

public class Quickstart {
  public static void main(String[] args) {
    RunConfig config = RunConfig.builder()
        .corpus("my-text.txt")                        // a UTF-8 file, or a folder of .txt files
        .tokenizer("char").mode("stream").seqLength(50)
        .cell("lstm").hidden(128).optimizer("adam").learningRate(0.002)
        .batch(32).epochs(5)
        .build();                                     // every setting checked here
    RunResult run = TrainingRun.create(config).run(); // runs/train-DATE/: metrics, checkpoints, model
    TextGenerator text = TextGenerator.of(run.model(), Plugins.defaults());
    System.out.println(text.text(text.sample("The ", 200, 0.8, new SplittableRandom(1))));
  }
}

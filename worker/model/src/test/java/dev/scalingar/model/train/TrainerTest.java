package dev.scalingar.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.scalingar.model.ModelArgs;
import dev.scalingar.model.WeightsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run interrupted and resumed with {@code --resume} ends where an uninterrupted run ends. */
class TrainerTest {

  static final ModelArgs TINY =
      new ModelArgs("tiny", 16, 1, 2, 12, 2, 2, 5, 16, 1e-5, 10000, 0.1, 3.0);
  static final Map<String, String> META = Map.of("train_mix", "a");

  /** Batches that depend only on the step, as the real training data does. */
  static final TrainingData DATA =
      (step, size) -> {
        SplittableRandom r = new SplittableRandom(step);
        long[] words = new long[size * TINY.clsTokenNum()];
        long[] tokens = new long[size * TINY.blockSize()];
        for (int i = 0; i < words.length; i++) {
          words[i] = r.nextInt(TINY.textVocabSize());
        }
        for (int i = 0; i < tokens.length; i++) {
          tokens[i] = r.nextInt(TINY.vocabSize());
        }
        return new TrainingData.Batch(size, words, tokens);
      };

  static TrainConfig config(Path dir, boolean resume) {
    return new TrainConfig(6, 4, 1e-2, 1, 2, dir, dir.resolve("final.safetensors"), 7, resume);
  }

  /** Thrown by a listener to cut a run short, as an interruption would. */
  static final class Interrupted extends RuntimeException {}

  @Test
  void resumeEqualsAnUninterruptedRun(@TempDir Path tmp) throws IOException {
    Path whole = tmp.resolve("whole");
    Path cut = tmp.resolve("cut");
    new Trainer(TINY, config(whole, false), DATA, META).run((step, loss, lr, tps) -> {});
    // Interrupted after the step-4 checkpoint was written, in the middle of step 5.
    assertThatThrownBy(
            () ->
                new Trainer(TINY, config(cut, false), DATA, META)
                    .run(
                        (step, loss, lr, tps) -> {
                          if (step == 4) {
                            throw new Interrupted();
                          }
                        }))
        .isInstanceOf(Interrupted.class);
    Trainer.Result resumed =
        new Trainer(TINY, config(cut, true), DATA, META).run((step, loss, lr, tps) -> {});

    assertThat(resumed.stepsRun()).isEqualTo(2);
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> a = WeightsFile.read(whole.resolve("final.safetensors"), m).tensors();
      Map<String, NDArray> b = WeightsFile.read(cut.resolve("final.safetensors"), m).tensors();
      assertThat(b.keySet()).isEqualTo(a.keySet());
      for (String name : a.keySet()) {
        assertThat(b.get(name).toFloatArray()).as(name).containsExactly(a.get(name).toFloatArray());
      }
    }
    List<String> wholeLog = Files.readAllLines(whole.resolve("train-log.jsonl"));
    List<String> cutLog = Files.readAllLines(cut.resolve("train-log.jsonl"));
    // The resume cut the log at its checkpoint, so every step is logged once, with the same loss.
    assertThat(cutLog.stream().map(TrainerTest::stepAndLoss))
        .containsExactlyElementsOf(wholeLog.stream().map(TrainerTest::stepAndLoss).toList());
  }

  @Test
  void aDirectoryWithARunIsRefusedWithoutResumeAndAnotherModelIsRefusedWithIt(@TempDir Path tmp)
      throws IOException {
    new Trainer(
            TINY,
            new TrainConfig(2, 4, 1e-2, 1, 2, tmp, tmp.resolve("w.safetensors"), 7, false),
            DATA,
            META)
        .run((step, loss, lr, tps) -> {});
    assertThatThrownBy(
            () -> new Trainer(TINY, config(tmp, false), DATA, META).run((s, l, r, t) -> {}))
        .hasMessageContaining("already holds a run")
        .hasMessageContaining("--resume");
    ModelArgs wider = new ModelArgs("tiny", 32, 1, 2, 12, 2, 2, 5, 16, 1e-5, 10000, 0.1, 3.0);
    assertThatThrownBy(
            () -> new Trainer(wider, config(tmp, true), DATA, META).run((s, l, r, t) -> {}))
        .hasMessageContaining("\"dim\":16")
        .hasMessageContaining("\"dim\":32");
    assertThatThrownBy(
            () ->
                new Trainer(TINY, config(tmp, true), DATA, Map.of("train_mix", "b"))
                    .run((s, l, r, t) -> {}))
        .hasMessageContaining("train_mix=a, not b");
    assertThatThrownBy(
            () ->
                new Trainer(TINY, config(tmp.resolve("empty"), true), DATA, META)
                    .run((s, l, r, t) -> {}))
        .hasMessageContaining("nothing to resume");
  }

  private static String lossOf(String jsonLine) {
    return jsonLine.replaceAll(".*\"loss\": ([^,]+),.*", "$1");
  }

  /** {@code "step": N, "loss": X} of a log line (its speed differs from run to run). */
  static String stepAndLoss(String line) {
    return line.substring(0, line.indexOf(", \"lr\""));
  }
}

package dev.scalingar.bench;

import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Best-of-N run once through the engine with every trajectory's raw signals and verdict kept, one
 * file per job under {@code DIR/signals/} (the cache {@code bench-tune}, {@code bench-signals} and
 * {@code calibrate} read); the run's records go to {@code DIR/results.jsonl}, so an interrupted
 * recording resumes where it stopped.
 */
final class SignalRecording {

  private SignalRecording() {}

  /** The recorded jobs and the run's store (best-of-N and oracle records). */
  record Recorded(List<Signals> signals, ResultsStore store) {}

  static Recorded record(
      BenchOptions options,
      ImageModel model,
      long kvBytesPerRow,
      Path out,
      BenchRunner.Listener listener)
      throws IOException {
    Path signalsDir = out.resolve("signals");
    Files.createDirectories(signalsDir);
    ResultsStore store =
        ResultsStore.open(
            out, new ResultsStore.Settings(options.fingerprint(), model.info().name()), false);
    BenchPlan plan = BenchPlan.of(List.of("bon", "oracle_bon"), List.of(), options.config(), false);
    int h = model.info().gridH(), w = model.info().gridW();
    BenchRunner runner =
        new BenchRunner(model, ImageTokenizer.shipped(), options, store, kvBytesPerRow);
    runner.run(
        plan,
        listener.withWorkOnFinished(
            (job, records) -> {
              JobRecord own = records.get(0);
              boolean[] correct = new boolean[own.trajectories().size()];
              for (JobRecord.TrajectoryRecord t : own.trajectories())
                correct[t.trajectory()] = Boolean.TRUE.equals(t.correct());
              try {
                Signals.of(own.prompt(), own.task(), correct.length, h, w, job.trace(), correct)
                    .write(signalsDir.resolve(own.prompt() + ".bin"));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }));
    return new Recorded(SignalsBench.recorded(out), store);
  }
}

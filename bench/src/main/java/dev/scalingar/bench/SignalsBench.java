package dev.scalingar.bench;

import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.sampler.profile.ProfileConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./scalingar bench-signals}: best-of-N recorded once ({@link SignalRecording}, cached under
 * {@code DIR/signals/}, resumable), then every candidate signal's within-job AUC at prefixes of the
 * image ({@link SignalAnalysis}); a rerun with the recording in place only re-analyses, in seconds.
 */
public final class SignalsBench {

  private SignalsBench() {}

  /**
   * @param profile the profile replayed; with a calibration, its C is one of the candidates
   * @param calibrationId names that calibration in the report (null: none)
   */
  public static SignalAnalysis.Result run(
      BenchOptions options,
      ImageModel model,
      long kvBytesPerRow,
      Path out,
      ProfileConfig profile,
      String calibrationId,
      BenchRunner.Listener listener)
      throws IOException {
    SignalRecording.Recorded recorded =
        SignalRecording.record(options, model, kvBytesPerRow, out, listener);
    SignalAnalysis.Result result =
        SignalAnalysis.analyse(options.set(), recorded.signals(), profile, calibrationId);
    SignalsReport.write(result, out);
    return result;
  }

  /** Fits the calibration on the recording in {@code out} ({@link Calibrator}). */
  public static Calibrator.Fit calibrate(Path out, String id, String weightsSha256)
      throws IOException {
    return Calibrator.fit(id, weightsSha256, recorded(out), Calibrator.FEATURES, Calibrator.RIDGE);
  }

  /** The recorded jobs in {@code out}. */
  static List<Signals> recorded(Path out) throws IOException {
    List<Signals> signals = new java.util.ArrayList<>();
    try (var files = java.nio.file.Files.list(out.resolve("signals"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".bin")).sorted().toList())
        signals.add(Signals.read(f));
    }
    return signals;
  }
}

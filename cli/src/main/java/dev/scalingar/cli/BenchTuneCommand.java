package dev.scalingar.cli;

import dev.scalingar.bench.BenchOptions;
import dev.scalingar.bench.GateTuning;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.calibration.CalibrationFile;
import dev.scalingar.sampler.SamplerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./scalingar bench-tune}: the dev-set tuning of the gate's CHOICEs (see {@link
 * GateTuning}); never reads the evaluation set unless asked to.
 */
@Command(
    name = "bench-tune",
    mixinStandardHelpOptions = true,
    description = {
      "Tune the gate's CHOICEs on the dev set: record best-of-N's signals once, replay termination_only",
      "under candidate configs, rank the signals. Writes DIR/tuning.md and DIR/tuning.json; resumes."
    })
public final class BenchTuneCommand implements Callable<Integer> {

  @Mixin ModelChoice modelChoice;

  @Option(
      names = "--set",
      defaultValue = "dev",
      description = "The tuning set (default: ${DEFAULT-VALUE}).")
  String set;

  @Option(names = "--limit", defaultValue = "100000")
  int limit;

  @Option(names = "--n", defaultValue = "8")
  int n;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(names = "--capacity", defaultValue = "64")
  int capacity;

  @Option(names = "--out", defaultValue = "out/bench-tune")
  Path out;

  @Option(
      names = "--calibration",
      description = {
        "Tune the few gates of a calibrated C instead of the paper's grid:",
        "'shipped' (the model's calibration) or a calibration file."
      })
  String calibration;

  @Override
  public Integer call() throws Exception {
    GateTuning.Result result;
    try (TransformerImageModel model = modelChoice.load(capacity);
        BenchCommand.Progress progress = new BenchCommand.Progress()) {
      SamplerConfig base = SamplerConfig.paperDefaults();
      if (calibration != null) {
        CalibrationFile file =
            CalibrationFile.forModel(
                    model.info().name(),
                    model.weightsSha256(),
                    calibration.equals("shipped") ? null : Path.of(calibration))
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "no calibration is shipped for " + model.info().name()));
        base = base.withProfile(base.profile().withCalibration(file.calibration()));
      }
      // the recording does not depend on the calibration (best-of-N never reads C): same
      // fingerprint
      BenchOptions options =
          new BenchOptions(
              set,
              limit,
              List.of(),
              n,
              List.of("bon", "oracle_bon"),
              List.of(),
              false,
              seed,
              capacity,
              List.of(),
              base);
      result =
          GateTuning.run(
              options,
              model,
              model.cacheBytesPerRow(),
              out,
              calibration == null
                  ? GateTuning.defaultCandidates()
                  : GateTuning.calibratedCandidates(),
              progress);
    }
    System.out.print(Files.readString(out.resolve("tuning.md")));
    return result.jobs() > 0 ? 0 : 1;
  }
}

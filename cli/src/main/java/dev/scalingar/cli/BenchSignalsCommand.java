package dev.scalingar.cli;

import dev.scalingar.bench.BenchOptions;
import dev.scalingar.bench.SignalAnalysis;
import dev.scalingar.bench.SignalsBench;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.calibration.CalibrationFile;
import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.profile.ProfileConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./scalingar bench-signals}: which confidence signal predicts a correct image. Records
 * best-of-N once (cached and resumable under {@code --out}), then reports every candidate signal's
 * within-job AUC at 12.5, 25, 50 and 100 % of the image.
 */
@Command(
    name = "bench-signals",
    mixinStandardHelpOptions = true,
    description = {
      "Within-job AUC of every candidate confidence signal at prefixes of the image, from one recorded",
      "best-of-N run (cached: a rerun re-analyses in seconds). Writes DIR/signals.json, signals.md, signals_auc.png."
    })
public final class BenchSignalsCommand implements Callable<Integer> {

  @Mixin ModelChoice modelChoice;

  @Option(
      names = "--set",
      defaultValue = "dev",
      description = "dev or eval (default: ${DEFAULT-VALUE}).")
  String set;

  @Option(
      names = "--limit",
      defaultValue = "100000",
      description = "At most this many prompts, round-robin over tasks.")
  int limit;

  @Option(
      names = "--n",
      defaultValue = "8",
      description = "Trajectories per job (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "The bench's seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--capacity", defaultValue = "64")
  int capacity;

  @Option(
      names = "--calibration",
      description =
          "A calibration file whose C is reported too (default: the model's shipped one, if any).")
  Path calibration;

  @Option(names = "--no-calibration", description = "Report the raw signals only.")
  boolean noCalibration;

  @Option(names = "--out", description = "Recording and report (default: out/bench-signals-SET).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (out == null) out = Path.of("out", "bench-signals-" + set);
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
            SamplerConfig.paperDefaults());
    SignalAnalysis.Result result;
    try (TransformerImageModel model = modelChoice.load(capacity);
        BenchCommand.Progress progress = new BenchCommand.Progress()) {
      CalibrationFile cal =
          noCalibration
              ? null
              : CalibrationFile.forModel(model.info().name(), model.weightsSha256(), calibration)
                  .orElse(null);
      ProfileConfig profile =
          ProfileConfig.paperDefaults().withCalibration(cal == null ? null : cal.calibration());
      result =
          SignalsBench.run(
              options,
              model,
              model.cacheBytesPerRow(),
              out,
              profile,
              cal == null ? null : cal.describe(),
              progress);
    }
    System.out.print(Files.readString(out.resolve("signals.md")));
    return result.jobs() > 0 ? 0 : 1;
  }
}

package dev.scalingar.cli;

import dev.scalingar.bench.BenchOptions;
import dev.scalingar.bench.Calibrator;
import dev.scalingar.bench.SignalsBench;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.calibration.CalibrationFile;
import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.profile.Calibration;
import dev.scalingar.sampler.profile.ProfileConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./scalingar calibrate}: fits the served model's calibration on the dev set only (never the
 * evaluation set), from the {@code bench-signals} recording (made first if missing), and writes the
 * versioned calibration file to ship beside the weights.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
      "Fit the model's calibration (P(image judged correct) from the profile's features) on the dev set.",
      "Writes OUT (default out/calibrate/MODEL.calibration.json); copy it to worker/model/src/main/resources/dev/scalingar/model/ to ship."
    })
public final class CalibrateCommand implements Callable<Integer> {

  @Mixin ModelChoice modelChoice;

  @Option(
      names = "--set",
      defaultValue = "dev",
      description = "Only dev: a calibration never sees the evaluation set.")
  String set;

  @Option(
      names = "--recording",
      description = "The bench-signals recording to fit on (default: out/bench-signals-dev).")
  Path recording;

  @Option(names = "--n", defaultValue = "8")
  int n;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(names = "--capacity", defaultValue = "64")
  int capacity;

  @Option(names = "--id", description = "The calibration's id (default: MODEL-cal-1).")
  String id;

  @Option(
      names = "--out",
      description = "The calibration file (default: out/calibrate/MODEL.calibration.json).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!set.equals("dev"))
      throw new IllegalArgumentException("calibrate fits on the dev set only, not '" + set + "'");
    if (recording == null) recording = Path.of("out", "bench-signals-dev");
    try (TransformerImageModel model = modelChoice.load(capacity)) {
      String name = model.info().name();
      if (id == null) id = name + "-cal-1";
      if (out == null) out = Path.of("out", "calibrate", name + ".calibration.json");
      if (!Files.isDirectory(recording.resolve("signals"))) {
        BenchOptions options =
            new BenchOptions(
                "dev",
                100000,
                List.of(),
                n,
                List.of("bon", "oracle_bon"),
                List.of(),
                false,
                seed,
                capacity,
                List.of(),
                SamplerConfig.paperDefaults());
        try (BenchCommand.Progress progress = new BenchCommand.Progress()) {
          SignalsBench.run(
              options,
              model,
              model.cacheBytesPerRow(),
              recording,
              ProfileConfig.paperDefaults(),
              null,
              progress);
        }
      }
      Calibrator.Fit fit = SignalsBench.calibrate(recording, id, model.weightsSha256());
      Calibration c = fit.calibration();
      CalibrationFile file = fit.file(name, recording.toString());
      if (out.getParent() != null) Files.createDirectories(out.getParent());
      file.write(out);
      System.out.printf(
          Locale.ROOT,
          "calibration %s for %s (weights %s): %d dev jobs, %d rows, %d Newton steps%n",
          c.id(),
          name,
          c.weightsSha256(),
          fit.jobs(),
          fit.rows(),
          fit.iterations());
      for (int i = 0; i < c.features().size(); i++) {
        System.out.printf(
            Locale.ROOT, "  %-24s %+.4f%n", c.features().get(i).key(), c.coefficients().get(i));
      }
      System.out.printf(
          Locale.ROOT,
          "  %-24s %+.4f%n  dev within-job AUC of C: %s%nwritten %s%n",
          "intercept",
          c.intercept(),
          file.devAuc(),
          out);
    }
    return 0;
  }
}

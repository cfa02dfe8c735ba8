package dev.scalingar.cli.chaos;

import dev.scalingar.cli.stack.ProgressBars;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./scalingar chaos}: every scenario of {@link Scenarios} on a fresh local stack of its own
 * (loopback only, free ports, under {@code --out}/stacks), then {@code chaos.json} and a table.
 * Exit 0 when no scenario lost or duplicated a job, 1 otherwise.
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description =
        "Faults on a fresh local stack per scenario (worker kill -9 and SIGTERM, broker and S3 restarts,"
            + " gateway restart, supervised crash, duplicate delivery, a poison step, a burst of 200);"
            + " counts submitted, accepted, completed, failed, lost and duplicated jobs; writes chaos.json.")
public final class ChaosCommand implements Callable<Integer> {

  @Option(names = "--out", defaultValue = "out/chaos", description = "Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(
      names = "--scenario",
      description = "Run only these (repeatable): ${COMPLETION-CANDIDATES}",
      completionCandidates = Names.class)
  List<String> only = new ArrayList<>();

  @Option(
      names = "--deadline-seconds",
      defaultValue = "300",
      description =
          "After the fault, how long an accepted job may take to a terminal status before it is lost (default: ${DEFAULT-VALUE}).")
  long deadlineSeconds;

  @Option(
      names = "--gateway-jar",
      hidden = true,
      defaultValue = "api-gateway/target/quarkus-app/quarkus-run.jar")
  Path gatewayJar;

  /** The scenario names, for --help. */
  static final class Names extends ArrayList<String> {
    Names() {
      super(Scenarios.all().stream().map(Scenario::name).toList());
    }
  }

  @Override
  public Integer call() throws Exception {
    List<Scenario> chosen =
        Scenarios.all().stream().filter(s -> only.isEmpty() || only.contains(s.name())).toList();
    if (chosen.isEmpty() || chosen.size() < new java.util.HashSet<>(only).size()) {
      System.err.println("unknown scenario in " + only + "; one of " + new Names());
      return 2;
    }
    ChaosSettings d = ChaosSettings.defaults();
    ChaosSettings settings =
        new ChaosSettings(
            d.jobs(),
            d.trajectories(),
            d.duringFault(),
            d.outage(),
            Duration.ofSeconds(deadlineSeconds),
            d.burst(),
            d.burstParallel());
    List<ScenarioResult> results = run(chosen, settings, out, gatewayJar);
    ChaosReport.write(out.resolve("chaos.json"), results);
    System.out.print(ChaosReport.table(results));
    System.err.println("wrote " + out.resolve("chaos.json"));
    return results.stream()
            .allMatch(
                r -> r.lost() == 0 && r.duplicated() == 0 && !r.notes().startsWith("did not run"))
        ? 0
        : 1;
  }

  /** Runs each scenario on its own stack, one after the other; a scenario that breaks is noted. */
  public static List<ScenarioResult> run(
      List<Scenario> scenarios, ChaosSettings settings, Path out, Path gatewayJar)
      throws InterruptedException {
    List<ScenarioResult> results = new ArrayList<>();
    try (ProgressBar bar =
        ProgressBars.builder(
                "chaos", scenarios.size(), ProgressBars.stdoutIsTerminal(), System.err::println)
            .build()) {
      for (Scenario s : scenarios) {
        bar.setExtraMessage(s.name() + ": starting its stack");
        try (ChaosRun run =
            ChaosRun.start(
                out,
                s.name(),
                gatewayJar,
                s.workerEnv(),
                s.supervised(),
                msg -> {
                  bar.setExtraMessage(s.name() + ": " + msg);
                  if (!ProgressBars.stdoutIsTerminal()) {
                    // A log gets each phase as its own line; the bar alone redraws too rarely.
                    System.err.println("chaos " + s.name() + ": " + msg);
                  }
                })) {
          bar.setExtraMessage(s.name() + ": " + s.fault());
          results.add(s.body().run(run, settings));
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          results.add(
              new ScenarioResult(
                  s.name(), s.fault(), 0, 0, 0, 0, Map.of(), 0, 0, Map.of(), "did not run: " + e));
        }
        bar.step();
        try {
          // Written after every scenario, so a run cut short keeps what it measured.
          ChaosReport.write(out.resolve("chaos.json"), results);
        } catch (java.io.IOException e) {
          System.err.println("cannot write " + out.resolve("chaos.json") + ": " + e.getMessage());
        }
      }
    }
    return results;
  }
}

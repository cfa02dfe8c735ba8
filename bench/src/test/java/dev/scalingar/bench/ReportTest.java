package dev.scalingar.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalingar.sampler.SamplerConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static final int L = 16;

  private static BenchOptions options(int n) {
    return options(n, true);
  }

  private static BenchOptions options(int n, boolean regret) {
    return new BenchOptions(
        "dev",
        100,
        List.of(),
        n,
        BenchPlan.ARMS,
        List.of(),
        regret,
        1,
        64,
        List.of(),
        SamplerConfig.paperDefaults());
  }

  /** A job of {@code n} trajectories; {@code prunedAt[i] > 0} ends trajectory i there. */
  private static JobRecord job(
      String arm, int prompt, String task, boolean correct, int[] prunedAt, Boolean[] verdicts) {
    List<JobRecord.TrajectoryRecord> ts = new ArrayList<>();
    long tokens = 0;
    int survivors = 0;
    for (int i = 0; i < prunedAt.length; i++) {
      boolean pruned = prunedAt[i] > 0;
      int steps = pruned ? prunedAt[i] : L;
      tokens += steps;
      if (!pruned) survivors++;
      ts.add(
          new JobRecord.TrajectoryRecord(
              i, steps, pruned ? "TERMINATED" : "FINISHED", verdicts[i], 0.5, 1, -1));
    }
    return new JobRecord(
        arm,
        arm,
        prompt,
        task,
        correct,
        0,
        tokens,
        2 * tokens,
        (long) prunedAt.length * L,
        survivors,
        ts,
        0,
        1.0);
  }

  @Test
  void tokenAccountingAgainstBestOfN() {
    List<JobRecord> jobs =
        List.of(
            job("base", 0, "counting", true, new int[] {0}, new Boolean[] {true}),
            job(
                "bon",
                0,
                "counting",
                true,
                new int[] {0, 0, 0, 0},
                new Boolean[] {true, false, true, false}),
            // two pruned at 4 and 8: 16 + 16 + 4 + 8 = 44 tokens of 64
            job(
                "scalingar",
                0,
                "counting",
                false,
                new int[] {0, 0, 4, 8},
                new Boolean[] {false, false, true, null}));
    Report r =
        Report.build(options(4), "m", 1, BenchPlan.ARMS, List.of("counting"), jobs, List.of());
    assertThat(r.arm("base").tokensPerImage()).isEqualTo(16);
    assertThat(r.arm("base").tokensVsBon()).isEqualTo(16.0 / 64); // against N·L, not base's own 1·L
    assertThat(r.arm("bon").tokensVsBon()).isEqualTo(1.0);
    Report.ArmSummary s = r.arm("scalingar");
    assertThat(s.tokensPerImage()).isEqualTo(44);
    assertThat(s.rowStepsPerImage()).isEqualTo(88);
    assertThat(s.tokensVsBon()).isCloseTo(44.0 / 64, within(1e-12));
    assertThat(s.pruning().meanSurvivors()).isEqualTo(2);
    assertThat(s.pruning().prunedPerJob()).isEqualTo(2);
    assertThat(s.pruning().terminationSteps()).containsExactlyInAnyOrder(4, 8);
    assertThat(s.pruning().medianTerminationStep()).isEqualTo(6);
    // regret: the selected image is wrong while pruned trajectory 2 (judged in shadow) was right
    assertThat(s.regret().wrongWithCorrectPruned()).isEqualTo(1);
    assertThat(s.regret().pruned()).isEqualTo(1); // trajectory 3 has no shadow verdict
    assertThat(s.regret().prunedAccuracy()).isEqualTo(1.0);
    assertThat(s.regret().finisherAccuracy()).isEqualTo(0.0);
    // Without --regret no trajectory ran on in shadow: a verdict on a pruned one (one ended on its
    // grid's last step has a whole image) is not a regret, and none is reported.
    Report plain =
        Report.build(
            options(4, false), "m", 1, BenchPlan.ARMS, List.of("counting"), jobs, List.of());
    assertThat(plain.arm("scalingar").regret()).isNull();
  }

  @Test
  void overallIsTheUnweightedMeanOfTasksAndPairsAreOnTheSamePrompts() {
    List<JobRecord> jobs = new ArrayList<>();
    // task a: base 1/2, scalingar 2/2; task b: base 0/1, scalingar 1/1 (one prompt each side is
    // unpaired)
    jobs.add(job("base", 0, "a", true, new int[] {0}, new Boolean[] {true}));
    jobs.add(job("base", 1, "a", false, new int[] {0}, new Boolean[] {false}));
    jobs.add(job("base", 2, "b", false, new int[] {0}, new Boolean[] {false}));
    jobs.add(job("scalingar", 0, "a", true, new int[] {0, 0}, new Boolean[] {true, true}));
    jobs.add(job("scalingar", 1, "a", true, new int[] {0, 0}, new Boolean[] {true, true}));
    jobs.add(job("scalingar", 2, "b", true, new int[] {0, 0}, new Boolean[] {true, true}));
    jobs.add(job("scalingar", 3, "b", true, new int[] {0, 0}, new Boolean[] {true, true}));
    Report r = Report.build(options(2), "m", 4, BenchPlan.ARMS, List.of("a", "b"), jobs, List.of());
    assertThat(r.arm("base").overall().accuracy()).isCloseTo((0.5 + 0.0) / 2, within(1e-12));
    assertThat(r.arm("base").perTask().get("a").accuracy()).isEqualTo(0.5);
    assertThat(r.arm("scalingar").overall().accuracy()).isEqualTo(1.0);
    Stats.Paired vsBase = r.arm("scalingar").vsBase();
    assertThat(vsBase.prompts()).isEqualTo(3); // prompt 3 has no base record
    assertThat(vsBase.onlyA()).isEqualTo(2);
    assertThat(vsBase.onlyB()).isZero();
    assertThat(r.arm("bon")).isNull();
    assertThat(r.arm("scalingar").vsBon()).isNull();
  }

  @Test
  void timingsSumTheSegmentsOfARun() {
    List<JobRecord> jobs =
        List.of(job("bon", 0, "a", true, new int[] {0, 0}, new Boolean[] {true, false}));
    List<RunSegment> segments =
        List.of(
            new RunSegment(
                "bon", 3, 100, 10.0, 8.0, 150, 4, 2, 1_048_576_000L, 1_048_576, false, 1.0),
            new RunSegment("bon", 1, 50, 5.0, 4.0, 50, 4, 4, 524_288_000L, 1_048_576, false, 1.0),
            new RunSegment("other", 1, 999, 99.0, 9.0, 9, 4, 4, 0, 0, false, 1.0));
    Report.Timing t =
        Report.build(options(2), "m", 1, BenchPlan.ARMS, List.of("a"), jobs, segments)
            .arm("bon")
            .timing();
    assertThat(t.wallSeconds()).isEqualTo(15.0);
    assertThat(t.steps()).isEqualTo(150);
    assertThat(t.secondsPerStep()).isEqualTo(0.1);
    assertThat(t.secondsPerImage()).isEqualTo(15.0 / 4);
    assertThat(t.imagesPerMinute()).isEqualTo(16.0);
    assertThat(t.utilisation()).isEqualTo(200.0 / 600);
    assertThat(t.peakRssMb()).isEqualTo(1000.0);
    assertThat(t.peakKvMb()).isEqualTo(8.0); // 2 rows per slot · 4 slots · 1 MiB
  }

  @Test
  void derivedArmsSelectAmongBestOfNsTrajectories() {
    List<JobRecord.TrajectoryRecord> ts =
        List.of(
            new JobRecord.TrajectoryRecord(0, L, "FINISHED", false, 0.5, 3.0, -2.0),
            new JobRecord.TrajectoryRecord(1, L, "FINISHED", true, 0.5, 1.0, -1.0),
            new JobRecord.TrajectoryRecord(2, L, "FINISHED", false, 0.5, 2.0, -0.5));
    assertThat(Selections.select("bon_logprob", ts, 0)).isEqualTo(2);
    assertThat(Selections.select("oracle_bon", ts, 0)).isEqualTo(1);
    assertThat(Selections.select("oracle_bon", ts, 2)).isEqualTo(1);
  }
}

package dev.scalingar.sampler.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.sampler.EndReason;
import dev.scalingar.sampler.Grid;
import dev.scalingar.sampler.JobOutcome;
import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.StepResult;
import dev.scalingar.sampler.TrajectorySummary;
import dev.scalingar.sampler.profile.Calibration;
import dev.scalingar.sampler.profile.Feature;
import dev.scalingar.sampler.profile.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Pins what a shadowed (regret) run reports, to the bit: every trajectory's end, steps, full grid
 * and final statistics, the job's selection and accounting, and every step's result. The numbers
 * below were taken from the session as it was before shadows moved out of {@link StrategySession}
 * (commit 92c95c0); the benchmark's regret figures are read from exactly these values, so they must
 * not move when the code does. Logits depend on the previous token, so a shadow fed the wrong token
 * by the engine would show too.
 */
class ShadowRegretPinTest {

  static final int SIDE = 8, VOCAB = 24, N = 8;

  /** Trajectories 2 and 5 listen to the prompt less and are flatter: the gate ends them. */
  static void logits(int trajectory, int step, int previous, float[] cond, float[] unc) {
    SplittableRandom r =
        new SplittableRandom(1_000_003L * trajectory + 7919L * step + 31L * previous + 17);
    boolean weak = trajectory == 2 || trajectory == 5;
    int favourite = (step * 3 + trajectory + previous) % VOCAB;
    for (int k = 0; k < VOCAB; k++) {
      double noise = r.nextGaussian() * (weak ? 1.5 : 0.8);
      double peak = k == favourite ? (weak ? 1.0 : 5.0) : 0;
      unc[k] = (float) (noise + 0.6 * peak);
      cond[k] = (float) (noise + peak + (weak ? 0.05 : 0.4) * r.nextGaussian());
    }
  }

  static final Calibration JOB_RELATIVE =
      new Calibration(
          "pin",
          "",
          List.of(Feature.SURPRISAL_REL_MEAN, Feature.HN_MEAN, Feature.K_Z_OWN, Feature.PAPER_C),
          List.of(0.0, 0.5, 0.0, 0.6),
          List.of(1.0, 0.2, 1.0, 0.1),
          List.of(-0.8, -0.6, 0.3, 0.9),
          0.2,
          true);

  /** The paper's gate with a probation short enough for an 8×8 grid, recovery by C ≥ θ only. */
  static SamplerConfig paperShortProbation() {
    SamplerConfig p = SamplerConfig.paperDefaults();
    return p.withTermination(p.termination().withProbation(8, 1000));
  }

  static SamplerConfig acrossTrajectories() {
    SamplerConfig p = paperShortProbation();
    return p.withProfile(
        p.profile()
            .with(p.profile().block().withReference(Reference.ACROSS_TRAJECTORIES))
            .with(p.profile().conditional().withReference(Reference.ACROSS_TRAJECTORIES)));
  }

  /** One shadowed job, driven as the engine drives it; its pinned lines. */
  private static List<String> run(String label, String strategy, SamplerConfig config, long seed) {
    JobSession session =
        Strategy.shadowing(Strategy.named(strategy))
            .start(SamplingJob.of(N, new Grid(SIDE, SIDE), VOCAB, seed, 2.0).withConfig(config));
    List<StepResult> results = ScriptedEngine.run(session, ShadowRegretPinTest::logits);
    List<String> ends = new ArrayList<>();
    for (StepResult r : results)
      r.ended().forEach(e -> ends.add(r.step() + ":" + e.trajectory() + e.reason().name()));
    JobOutcome outcome = session.finish();
    List<String> lines = new ArrayList<>();
    lines.add(
        label
            + " selected="
            + outcome.selectedTrajectory()
            + " "
            + outcome.accounting()
            + " steps#"
            + results.toString().hashCode() // records print their values; enums hash by identity
            + " ends="
            + ends);
    for (TrajectorySummary t : outcome.trajectories()) {
      lines.add(
          label
              + " "
              + t.trajectory()
              + " "
              + t.end()
              + " steps="
              + t.steps()
              + " grid="
              + t.tokens().length
              + "#"
              + Arrays.hashCode(t.tokens())
              + " C="
              + t.finalConfidence()
              + " reward="
              + t.reward()
              + " sc="
              + t.meanSelfCertainty()
              + " lp="
              + t.meanLogProbability());
    }
    assertThat(outcome.trajectories())
        .as(label + ": the gate must end someone, or nothing is pinned")
        .anyMatch(t -> t.end() == EndReason.TERMINATED);
    assertThat(outcome.trajectories())
        .as(label + ": every trajectory, pruned or not, drew a full grid")
        .allMatch(t -> t.tokens().length == SIDE * SIDE);
    return lines;
  }

  private static List<String> all() {
    List<String> lines = new ArrayList<>();
    lines.addAll(run("paper", "scalingar", paperShortProbation(), 42));
    lines.addAll(run("across", "scalingar", acrossTrajectories(), 7));
    lines.addAll(run("calibrated", "scalingar", SamplerConfig.served(JOB_RELATIVE), 3));
    lines.addAll(run("termonly", "termination_only", SamplerConfig.served(JOB_RELATIVE), 5));
    return lines;
  }

  @Test
  void aShadowedRunReportsWhatItDidBeforeTheShadowsMoved() {
    List<String> actual = all();
    assertThat(actual).containsExactlyElementsOf(PINNED.lines().toList());
  }

  private static final String PINNED =
      """
      paper selected=7 Accounting[visualTokens=418, rowSteps=836, fullBestOfNTokens=512, trajectoriesStarted=8, trajectoriesEndedEarly=2, stateCopies=0] steps#-1947255472 ends=[63:0FINISHED, 63:1FINISHED, 63:3FINISHED, 63:4FINISHED, 63:6FINISHED, 63:7FINISHED, 63:2FINISHED, 63:5FINISHED]
      paper 0 FINISHED steps=64 grid=64#78575105 C=0.8872360502169496 reward=3.8774451381990604 sc=3.8774451381990604 lp=-0.054293239333466234
      paper 1 FINISHED steps=64 grid=64#1825461092 C=0.8600664268195432 reward=3.7396890974884567 sc=3.7396890974884567 lp=-0.28468587877282137
      paper 2 TERMINATED steps=17 grid=64#2128874073 C=0.24334012668077581 reward=1.0286996211986112 sc=1.0286996211986112 lp=-2.091157087808058
      paper 3 FINISHED steps=64 grid=64#1517099987 C=0.8676708932488436 reward=3.5914729020582614 sc=3.5914729020582614 lp=-0.4487688883908255
      paper 4 FINISHED steps=64 grid=64#-270871044 C=0.8541121752554386 reward=3.8941336926605308 sc=3.8941336926605308 lp=-0.23940364487866336
      paper 5 TERMINATED steps=17 grid=64#-748524024 C=0.3926511459279678 reward=0.9692482582114494 sc=0.9692482582114494 lp=-2.1727180702256867
      paper 6 FINISHED steps=64 grid=64#-1182054055 C=0.8409768390627546 reward=3.7506532709402647 sc=3.7506532709402647 lp=-0.39143610701263376
      paper 7 FINISHED steps=64 grid=64#-1910012714 C=0.9185523411344781 reward=3.7599429005694267 sc=3.7599429005694267 lp=-0.553231169471586
      across selected=4 Accounting[visualTokens=388, rowSteps=776, fullBestOfNTokens=512, trajectoriesStarted=8, trajectoriesEndedEarly=3, stateCopies=0] steps#-1956298358 ends=[63:0FINISHED, 63:1FINISHED, 63:4FINISHED, 63:6FINISHED, 63:7FINISHED, 63:2FINISHED, 63:3FINISHED, 63:5FINISHED]
      across 0 FINISHED steps=64 grid=64#-838447463 C=0.7647377297495278 reward=3.9226677764411697 sc=3.9226677764411697 lp=-0.22028844382572219
      across 1 FINISHED steps=64 grid=64#-512832975 C=0.5968734868630027 reward=3.965499417925579 sc=3.965499417925579 lp=-0.2209615559799535
      across 2 TERMINATED steps=17 grid=64#922255593 C=0.14166568675013994 reward=1.1384667056092916 sc=1.1384667056092916 lp=-2.0911297996389173
      across 3 TERMINATED steps=34 grid=64#-1716885319 C=0.5607464903345171 reward=3.57196380929731 sc=3.57196380929731 lp=-0.4515181309848556
      across 4 FINISHED steps=64 grid=64#-933721263 C=0.8821191169632437 reward=3.9531417142037517 sc=3.9531417142037517 lp=-0.24993909655040128
      across 5 TERMINATED steps=17 grid=64#-159296483 C=0.1564340962565049 reward=1.0780423299877815 sc=1.0780423299877815 lp=-2.311013536594482
      across 6 FINISHED steps=64 grid=64#-193661439 C=0.7891235222125061 reward=3.821291467589112 sc=3.821291467589112 lp=-0.04723010686679069
      across 7 FINISHED steps=64 grid=64#-69954205 C=0.5453316106449627 reward=3.626240990735398 sc=3.626240990735398 lp=-0.2780621527127527
      calibrated selected=0 Accounting[visualTokens=329, rowSteps=658, fullBestOfNTokens=512, trajectoriesStarted=8, trajectoriesEndedEarly=5, stateCopies=0] steps#1892475230 ends=[63:0FINISHED, 63:4FINISHED, 63:7FINISHED, 63:1FINISHED, 63:2FINISHED, 63:3FINISHED, 63:5FINISHED, 63:6FINISHED]
      calibrated 0 FINISHED steps=64 grid=64#2124650926 C=0.04601350157775486 reward=3.280221657953925 sc=3.280221657953925 lp=-0.5350903005897695
      calibrated 1 TERMINATED steps=26 grid=64#-1888803040 C=0.006198909208582159 reward=2.749925386239174 sc=2.749925386239174 lp=-0.8944630707283876
      calibrated 2 TERMINATED steps=17 grid=64#636779242 C=5.5631560628672185E-5 reward=1.0642638837871776 sc=1.0642638837871776 lp=-2.3628831899556095
      calibrated 3 TERMINATED steps=48 grid=64#-1160941586 C=0.005161545565447041 reward=3.090608111581541 sc=3.090608111581541 lp=-0.8001739905829234
      calibrated 4 FINISHED steps=64 grid=64#1740730243 C=0.025493825516003696 reward=3.2680089424007566 sc=3.2680089424007566 lp=-0.3363712777296561
      calibrated 5 TERMINATED steps=17 grid=64#1739456557 C=5.5849446385985725E-5 reward=1.0262957813298983 sc=1.0262957813298983 lp=-2.2056482016773025
      calibrated 6 TERMINATED steps=29 grid=64#-338476446 C=0.006658041280974116 reward=3.0489048080599495 sc=3.0489048080599495 lp=-0.8043692981754091
      calibrated 7 FINISHED steps=64 grid=64#-32555071 C=0.01183497270895609 reward=3.137447997975198 sc=3.137447997975198 lp=-0.4865652435421104
      termonly selected=7 Accounting[visualTokens=342, rowSteps=684, fullBestOfNTokens=512, trajectoriesStarted=8, trajectoriesEndedEarly=5, stateCopies=0] steps#341354965 ends=[63:4FINISHED, 63:6FINISHED, 63:7FINISHED, 63:0FINISHED, 63:1FINISHED, 63:2FINISHED, 63:3FINISHED, 63:5FINISHED]
      termonly 0 TERMINATED steps=60 grid=64#-1903660625 C=0.002139156994473149 reward=3.478625770471209 sc=3.478625770471209 lp=-0.3336885848477619
      termonly 1 TERMINATED steps=30 grid=64#1856750288 C=0.007709599399850952 reward=3.6089140427254 sc=3.6089140427254 lp=-0.6041307600109551
      termonly 2 TERMINATED steps=17 grid=64#80427032 C=1.7870702976724737E-5 reward=1.127061219372582 sc=1.127061219372582 lp=-2.285028749249636
      termonly 3 TERMINATED steps=26 grid=64#975505577 C=0.020601423942212097 reward=3.4134969776198094 sc=3.4134969776198094 lp=-0.5116907430565649
      termonly 4 FINISHED steps=64 grid=64#-674007522 C=0.011579558790769606 reward=3.6453430110214913 sc=3.6453430110214913 lp=-0.36337703963804985
      termonly 5 TERMINATED steps=17 grid=64#-670733810 C=1.2641900292892499E-5 reward=1.0103243548271008 sc=1.0103243548271008 lp=-2.3409036788624538
      termonly 6 FINISHED steps=64 grid=64#-443485242 C=0.03398032408055035 reward=3.585112539847453 sc=3.585112539847453 lp=-0.629858679395763
      termonly 7 FINISHED steps=64 grid=64#899672864 C=0.03537511609683059 reward=3.389230587065025 sc=3.389230587065025 lp=-0.3349994579160305
      """;
}

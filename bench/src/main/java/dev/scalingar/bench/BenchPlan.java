package dev.scalingar.bench;

import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.strategy.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which engine runs produce which report rows ("arms"). Best-of-N with the mean log-probability
 * reward and oracle best-of-N select among the very trajectories of {@code bon} (same seeds, fixed
 * CFG: the same grids), so they are derived from its run instead of sampling them three times. The
 * quantile sweep re-runs ScalingAR with other p.
 */
public record BenchPlan(List<Run> runs) {

  /** Every arm, in the report's order. */
  public static final List<String> ARMS =
      List.of(
          "base",
          "bon",
          "bon_logprob",
          "oracle_bon",
          "is",
          "scalingar",
          "scalingar_paper",
          "scalingar_tuned",
          "scalingar_no_token",
          "scalingar_no_block",
          "scalingar_no_cond",
          "termination_only",
          "scheduler_only");

  /** Arms that select among bon's trajectories. */
  static final List<String> DERIVED_FROM_BON = List.of("bon_logprob", "oracle_bon");

  /**
   * {@code scalingar_tuned}: ScalingAR with the changes the dev-set tuning chose ({@code
   * ./scalingar bench-tune}, dev set only; see bench/README.md): C without the conditional channel
   * (on ShapesWorld K ranks a job's images backwards, within-job AUC 0.44), recovery only by {@code
   * C ≥ θ} (the rebound test lets C's row-periodic swings clear every flag), p = 0.5 and a
   * probation of 16 steps (half a row of a 32-wide grid in the paper, one row here).
   */
  public static final List<String> TUNED =
      List.of(
          "profile.intrinsicWeight=1.0",
          "termination.reboundThreshold=1000",
          "termination.quantile=0.5",
          "termination.probationSteps=16");

  /**
   * The sweep of the paper's Fig. 10 over the paper's config (p = 0.2 is {@code scalingar_paper}
   * itself).
   */
  public static final List<Double> DEFAULT_SWEEP = List.of(0.1, 0.3, 0.4, 0.5);

  /**
   * One engine run over the prompts.
   *
   * @param label the run's name, also its primary arm
   * @param strategy what the engine runs
   * @param config the sampler config of its jobs
   * @param derived further arms read from the same run
   * @param gate its strategy prunes (regret applies)
   */
  public record Run(
      String label, Strategy strategy, SamplerConfig config, List<String> derived, boolean gate) {

    public List<String> arms() {
      List<String> arms = new ArrayList<>();
      arms.add(label);
      arms.addAll(derived);
      return arms;
    }
  }

  /** The label of a sweep arm: {@code scalingar_p0.10}. */
  public static String sweepLabel(double p) {
    return String.format(Locale.ROOT, "scalingar_p%.2f", p);
  }

  /** A plan whose {@code scalingar} is the paper's config too (no served calibration). */
  public static BenchPlan of(
      List<String> strategies, List<Double> sweep, SamplerConfig config, boolean regret) {
    return of(strategies, sweep, config, config, regret);
  }

  /**
   * @param config every arm's config but {@code scalingar}'s: the paper's values with the {@code
   *     --config} overrides
   * @param served {@code scalingar}'s: exactly what the worker serves for the model ({@code
   *     ServedSampler}: the model's calibration and the chosen gate)
   */
  public static BenchPlan of(
      List<String> strategies,
      List<Double> sweep,
      SamplerConfig config,
      SamplerConfig served,
      boolean regret) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String s : strategies) {
      if (!ARMS.contains(s)) {
        throw new IllegalArgumentException("unknown strategy '" + s + "', expected one of " + ARMS);
      }
      wanted.add(s);
    }
    List<String> derived = DERIVED_FROM_BON.stream().filter(wanted::contains).toList();
    List<Run> runs = new ArrayList<>();
    for (String arm : ARMS) {
      if (arm.equals("bon") && !derived.isEmpty()) {
        runs.add(run("bon", "bon", config, derived, regret));
      } else if (arm.equals("scalingar") && wanted.contains(arm)) {
        runs.add(run(arm, "scalingar", served, List.of(), regret));
      } else if (arm.equals("scalingar_tuned") && wanted.contains(arm)) {
        runs.add(run(arm, "scalingar", ConfigOverrides.apply(config, TUNED), List.of(), regret));
      } else if (wanted.contains(arm) && !DERIVED_FROM_BON.contains(arm)) {
        runs.add(run(arm, arm, config, List.of(), regret));
      }
    }
    for (double p : sweep) {
      if (!(p > 0 && p < 1))
        throw new IllegalArgumentException("--sweep quantiles must be in (0,1), was " + p);
      if (Math.abs(p - config.termination().quantile()) < 1e-9)
        continue; // that is scalingar_paper itself
      runs.add(
          run(
              sweepLabel(p),
              "scalingar",
              config.withTermination(config.termination().withQuantile(p)),
              List.of(),
              regret));
    }
    return new BenchPlan(List.copyOf(runs));
  }

  private static Run run(
      String label,
      String strategyName,
      SamplerConfig config,
      List<String> derived,
      boolean regret) {
    Strategy strategy = Strategy.named(strategyName);
    boolean gate =
        strategy instanceof Strategy.ScalingAr s
            && s.ablation() != Strategy.Ablation.SCHEDULER_ONLY;
    return new Run(
        label, gate && regret ? Strategy.shadowing(strategy) : strategy, config, derived, gate);
  }

  /** Every arm the plan reports, in order. */
  public List<String> arms() {
    List<String> arms = new ArrayList<>();
    runs.forEach(r -> arms.addAll(r.arms()));
    return arms;
  }
}

package dev.scalingar.sampler.strategy;

import dev.scalingar.sampler.Reward;
import dev.scalingar.sampler.SamplerConfig;
import dev.scalingar.sampler.SamplingJob;
import dev.scalingar.sampler.profile.ProfileConfig;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * How a job's trajectories are run and which one is kept (docs/algorithm.md "Baselines" and "Policy
 * level"). Every strategy computes the full confidence profile, so every job has a trace; they
 * differ in what acts on it.
 */
public sealed interface Strategy
    permits Strategy.Base,
        Strategy.BestOfN,
        Strategy.ImportanceSampling,
        Strategy.ScalingAr,
        Strategy.Shadowing {

  /** The names {@link #named} knows, in the order of the report. */
  List<String> NAMES =
      List.of(
          "base",
          "bon",
          "bon_logprob",
          "is",
          "scalingar",
          "scalingar_no_token",
          "scalingar_no_block",
          "scalingar_no_cond",
          "termination_only",
          "scheduler_only");

  String name();

  /** Starts a session for one job. */
  default JobSession start(SamplingJob job) {
    return new StrategySession(plan(job), job);
  }

  /** What the session does for this strategy. */
  SessionPlan plan(SamplingJob job);

  /**
   * The strategy of a name in {@link #NAMES}. {@code oracle_bon} needs the benchmark's scorer: use
   * {@link #oracleBestOfN}.
   */
  static Strategy named(String name) {
    Objects.requireNonNull(name, "name");
    switch (name) {
      case "base":
        return new Base();
      case "bon":
        return new BestOfN("bon", Reward.selfCertainty());
      case "bon_logprob":
        return new BestOfN("bon_logprob", Reward.meanLogProbability());
      case "is":
        return new ImportanceSampling("is", Reward.selfCertainty());
      case "oracle_bon":
        throw new IllegalArgumentException(
            "oracle_bon needs the benchmark's scorer: use Strategy.oracleBestOfN(scorer)");
      default:
        for (Ablation a : Ablation.values())
          if (a.strategyName.equals(name)) return new ScalingAr(a);
        throw new IllegalArgumentException(
            "unknown strategy '" + name + "', expected one of " + NAMES);
    }
  }

  /**
   * Best-of-N ranked by an oracle scorer of the final grid: an upper bound, labelled {@code
   * oracle_bon}.
   */
  static Strategy oracleBestOfN(ToDoubleFunction<int[]> scorer) {
    return new BestOfN("oracle_bon", Reward.oracle(scorer));
  }

  /**
   * The same strategy, but a trajectory its gate terminates draws on to step L in shadow, outside
   * the job's accounting, quantile and selection (the job's outcome does not change). For the
   * benchmark's pruning regret only: shadows keep their slots.
   */
  static Strategy shadowing(Strategy strategy) {
    return strategy instanceof Shadowing ? strategy : new Shadowing(strategy);
  }

  /** See {@link #shadowing}. */
  record Shadowing(Strategy inner) implements Strategy {
    public Shadowing {
      Objects.requireNonNull(inner, "inner");
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public SessionPlan plan(SamplingJob job) {
      return inner.plan(job);
    }

    @Override
    public JobSession start(SamplingJob job) {
      return new ShadowedSession(plan(job), job);
    }
  }

  /** One trajectory at fixed CFG s_base. */
  record Base() implements Strategy {
    @Override
    public String name() {
      return "base";
    }

    @Override
    public SessionPlan plan(SamplingJob job) {
      return new SessionPlan(
          name(), 1, job.config().profile(), false, false, Reward.selfCertainty(), false, false);
    }
  }

  /** N full trajectories at fixed CFG; the highest reward wins. */
  record BestOfN(String name, Reward reward) implements Strategy {
    public BestOfN {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(reward, "reward");
    }

    @Override
    public SessionPlan plan(SamplingJob job) {
      return new SessionPlan(
          name, job.trajectories(), job.config().profile(), false, false, reward, true, false);
    }
  }

  /**
   * Sequential importance resampling at the checkpoints of {@link SamplerConfig#resampling()},
   * fixed CFG; the highest reward wins.
   */
  record ImportanceSampling(String name, Reward reward) implements Strategy {
    public ImportanceSampling {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(reward, "reward");
    }

    @Override
    public SessionPlan plan(SamplingJob job) {
      return new SessionPlan(
          name, job.trajectories(), job.config().profile(), false, false, reward, true, true);
    }
  }

  /** ScalingAR, or one of its ablations (docs/algorithm.md "Baselines"). */
  record ScalingAr(Ablation ablation) implements Strategy {
    public ScalingAr {
      Objects.requireNonNull(ablation, "ablation");
    }

    @Override
    public String name() {
      return ablation.strategyName;
    }

    @Override
    public SessionPlan plan(SamplingJob job) {
      ProfileConfig p = job.config().profile();
      ProfileConfig profile =
          switch (ablation) {
            case NO_TOKEN -> p.withoutTokenLevel();
            case NO_BLOCK -> p.withoutWorstBlock();
            case NO_COND -> p.withoutConditional();
            case FULL, PAPER, TERMINATION_ONLY, SCHEDULER_ONLY -> p;
          };
      boolean gate = ablation != Ablation.SCHEDULER_ONLY;
      boolean scheduler = ablation != Ablation.TERMINATION_ONLY;
      return new SessionPlan(
          name(),
          job.trajectories(),
          profile,
          gate,
          scheduler,
          Reward.selfCertainty(),
          false,
          false);
    }
  }

  /** The variants of ScalingAR. */
  enum Ablation {
    FULL("scalingar"),
    /**
     * The full sampler as the paper describes it, served with the paper's values and C ({@link
     * dev.scalingar.sampler.SamplerConfig#paperDefaults()}) whatever the model ships: {@code
     * scalingar} is the configuration chosen on the dev set ({@link
     * dev.scalingar.sampler.SamplerConfig#served}). The session plan is FULL's.
     */
    PAPER("scalingar_paper"),
    /** wtok → 0, renormalised: I = B. */
    NO_TOKEN("scalingar_no_token"),
    /** wblk → 0, renormalised: I = stok. */
    NO_BLOCK("scalingar_no_block"),
    /** wD → 0: C = I. */
    NO_COND("scalingar_no_cond"),
    /** The gate with a fixed CFG s_base. */
    TERMINATION_ONLY("termination_only"),
    /** The guidance scheduler without pruning. */
    SCHEDULER_ONLY("scheduler_only");

    final String strategyName;

    Ablation(String strategyName) {
      this.strategyName = strategyName;
    }

    public String strategyName() {
      return strategyName;
    }
  }
}

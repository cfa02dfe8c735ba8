package dev.scalingar.bench.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalingar.engine.Admission;
import dev.scalingar.model.DecodeGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scenarios {@code simulate-fleet} runs, by family:
 *
 * <ul>
 *   <li>{@code validate-ROW}: bench-fleet's own run replayed, one warm CPU worker, its jobs all
 *       queued at once, each row's admission policy and strategy, against the measured {@code
 *       fleet.json};
 *   <li>{@code gpu-saturated-…}: one H200 worker of prod's 128 slots under a saturating batch, for
 *       the jobs/min of ScalingAR (served gate, best-of-N's accuracy) per admission policy against
 *       best-of-N in static batches;
 *   <li>{@code poisson-…} and {@code bursty-…}: prod's GPU fleet (0..24 workers of 128 slots) under
 *       KEDA, ScalingAR and best-of-N, each trigger with today's HPA behaviour; and on the bursty
 *       load, a sweep of the work-weighted trigger's threshold ({@code steps-wW}: W seconds of a
 *       pod's work per replica), each also with the proposed behaviour ({@code -p}, {@link
 *       Keda#proposedBehaviour}), beside the lag triggers with it, and with a warm floor of the
 *       burst's size ({@code -min6}).
 * </ul>
 */
public final class Scenarios {

  /** prod: SCALINGAR_ROW_CAPACITY 256 → 128 trajectory slots. */
  public static final int PROD_SLOTS = 128;

  /** prod's lagThreshold: slots / design N = 128 / 8. */
  public static final int PROD_LAG_THRESHOLD = 16;

  /** The paper's step time the manifests size with (k8s/README.md, capacity worksheet). */
  public static final double WORKSHEET_STEP_SECONDS = 0.029;

  /** Steps of a job: a 16 × 16 grid (shapes-v1, LlamaGen 256 px; the manifests' L). */
  public static final int GRID_STEPS = 256;

  /**
   * prod's prometheus threshold, as the manifests ship it: S × L = 128 × 256 = 32,768
   * trajectory-steps, every slot holding one whole image. It is the lag trigger's target in steps
   * (lagThreshold × N × L): a held job of N trajectories has at most N × L steps left and is in the
   * lag too, so for jobs of N ≤ 8 the workers' steps never ask for more replicas than the lag.
   */
  public static final int PROD_STEPS_THRESHOLD = PROD_SLOTS * GRID_STEPS;

  /** Jobs of a saturating batch on one GPU worker, by default ({@code --saturating-jobs}). */
  public static final int SATURATING_JOBS = 512;

  /**
   * The work-weighted trigger's W (seconds of a pod's work per replica) swept on the bursty load;
   * 60 is the manifests'.
   */
  public static final List<Integer> SWEEP_WORK_SECONDS = List.of(15, 30, 60, 120);

  /** minReplicaCount of the floor variants: the replicas a burst needs at once. */
  public static final int BURST_FLOOR = 6;

  private Scenarios() {}

  /**
   * @param fleetJson bench-fleet's measurement (jobs, n, slots and rows are read from it)
   * @param profiles by arm: {@code scalingar}, {@code scalingar_tuned}, {@code bon}
   */
  public static List<Scenario> all(
      SimulateOptions o, JsonNode fleetJson, Map<String, PruningProfile> profiles) {
    List<Scenario> out = new ArrayList<>(validation(o, fleetJson, profiles));
    PruningProfile served = profiles.get("scalingar");
    PruningProfile bon = profiles.get("bon");
    for (Admission a : List.of(Admission.ADAPTIVE, Admission.REFILL, Admission.STATIC)) {
      out.add(saturated(o, "gpu-saturated-scalingar-" + lower(a), "scalingar", served, a));
    }
    out.add(saturated(o, "gpu-saturated-bon-static", "bon", bon, Admission.STATIC));
    List<Arrivals> loads = List.of(poisson(), bursty());
    List<String> loadNames = List.of("poisson", "bursty");
    for (int i = 0; i < loads.size(); i++) {
      for (String strategy : List.of("scalingar", "bon")) {
        PruningProfile p = strategy.equals("bon") ? bon : served;
        for (Keda k : triggers(o)) {
          out.add(
              fleet(
                  o,
                  loadNames.get(i) + "-gpu-" + strategy + "-" + k.label(),
                  strategy,
                  p,
                  loads.get(i),
                  k));
        }
      }
    }
    // The work-weighted trigger's threshold, and the proposed HPA behaviour, on the bursty load.
    for (int w : SWEEP_WORK_SECONDS) {
      Keda k =
          Keda.prod(
              List.of(new Trigger.PendingSteps(stepsThreshold(w), true)),
              "steps-w" + w,
              o.podStartSeconds());
      if (w != 60) { // w60 is "steps" itself
        out.add(fleet(o, "bursty-gpu-scalingar-" + k.label(), "scalingar", served, bursty(), k));
      }
      Keda p = k.proposedBehaviour(k.label() + "-p");
      out.add(fleet(o, "bursty-gpu-scalingar-" + p.label(), "scalingar", served, bursty(), p));
    }
    // A warm floor of the burst's size (1,500 jobs/min ÷ ≈ 275 jobs/min per pod ≈ 6): no scale to
    // zero.
    for (int w : List.of(15, 60)) {
      Keda k =
          Keda.prod(
                  List.of(new Trigger.PendingSteps(stepsThreshold(w), true)),
                  "steps-w" + w,
                  o.podStartSeconds())
              .withMinReplicas(BURST_FLOOR, "steps-w" + w + "-min" + BURST_FLOOR);
      out.add(fleet(o, "bursty-gpu-scalingar-" + k.label(), "scalingar", served, bursty(), k));
    }
    for (Keda k : triggers(o)) {
      if (!k.label().equals("steps")) {
        Keda p = k.proposedBehaviour(k.label() + "-p");
        out.add(fleet(o, "bursty-gpu-scalingar-" + p.label(), "scalingar", served, bursty(), p));
      }
    }
    return out;
  }

  /**
   * Steady load: within one prod fleet's reach for best-of-N (≈ 100 jobs/min per pod at 128 slots).
   */
  public static Arrivals poisson() {
    return new Arrivals.Poisson(600);
  }

  /** 150 jobs/min, with a 4-minute burst of 1,500 jobs/min every 20 minutes. */
  public static Arrivals bursty() {
    return new Arrivals.OnOff(150, 1500, 240, 1200);
  }

  /**
   * The proposed work-weighted trigger's threshold (the workers' steps plus the topic's backlog,
   * k8s/README.md "Proposal") for W seconds of a pod's work: S × W / t (60 s → 265,000). Not the
   * manifests' threshold, which is {@link #PROD_STEPS_THRESHOLD} (S × L) on the workers' steps
   * alone; 265,000 was theirs until a worker was found never to hold that much.
   */
  public static double stepsThreshold(int workSeconds) {
    return Math.round(PROD_SLOTS * workSeconds / WORKSHEET_STEP_SECONDS / 1000.0) * 1000.0;
  }

  /**
   * The triggers compared: {@code lag} (kafka only, lagThreshold 16), {@code steps} (the proposed
   * metric: pending trajectory-steps with the topic's backlog, threshold 265,000), {@code
   * lag+steps} (the shipped ScaledObject: both, the steps as the workers report them, threshold S ×
   * L = 32,768; for these N = 8 jobs it decides exactly as {@code lag}, LagPlusStepsTest).
   */
  public static List<Keda> triggers(SimulateOptions o) {
    Trigger lag = new Trigger.KafkaLag(PROD_LAG_THRESHOLD);
    return List.of(
        Keda.prod(List.of(lag), "lag", o.podStartSeconds()),
        Keda.prod(
            List.of(new Trigger.PendingSteps(stepsThreshold(60), true)),
            "steps",
            o.podStartSeconds()),
        Keda.prod(
            List.of(lag, new Trigger.PendingSteps(PROD_STEPS_THRESHOLD, false)),
            "lag+steps",
            o.podStartSeconds()));
  }

  /** A fleet.json row's strategy and profile: ScalingAR rows ran the served gate. */
  record Row(String name, String strategy, String arm, Admission policy) {}

  /**
   * The rows of bench-fleet the simulator can replay (the paper-gate row has no shipped profile).
   */
  static final List<Row> FLEET_ROWS =
      List.of(
          new Row("scalingar_adaptive", "scalingar", "scalingar", Admission.ADAPTIVE),
          new Row("scalingar_refill", "scalingar", "scalingar", Admission.REFILL),
          new Row("scalingar_static", "scalingar", "scalingar", Admission.STATIC),
          new Row("bon_static", "bon", "bon", Admission.STATIC));

  /**
   * The line the validation times bench-fleet's engine by: {@code --cpu-line} when given, else the
   * fleet.json's own {@code lockstep_line} (fitted to the run's steps, in its minutes), else {@link
   * CostLine#CPU}; planned with the engine's recorded planner and prefilling as it did.
   */
  static CostLine validationLine(SimulateOptions o, JsonNode fleetJson) {
    JsonNode own = fleetJson.path("lockstep_line");
    CostLine cpu;
    if (o.cpu() != null) {
      cpu = o.cpu();
    } else if (own.isObject()) {
      cpu =
          CostLine.CPU.withFigures(
              own.path("fixed_ms").asDouble(),
              own.path("per_trajectory_ms").asDouble(),
              own.path("per_position_ms").asDouble(),
              String.format(
                  Locale.ROOT,
                  "fitted to the fleet.json's %d lockstep steps (R² %.3f)",
                  own.path("steps").asInt(),
                  own.path("r_squared").asDouble()));
    } else {
      cpu = CostLine.CPU;
    }
    // The measured engine decided and split its steps with its own planner, not with the line the
    // simulation times them by ...
    String planner = fleetJson.path("decode_groups").asText("");
    if (!planner.isEmpty()) {
      cpu = cpu.withEnginePlanner(DecodeGroups.parse(planner));
    }
    // ... and ran its prefills as it did: apart in every run before the fused call
    if (!fleetJson.path("prefill").asText("apart").equals("fused")) {
      cpu = cpu.withPrefillApart();
    }
    return cpu;
  }

  static List<Scenario> validation(
      SimulateOptions o, JsonNode fleetJson, Map<String, PruningProfile> profiles) {
    int jobs = fleetJson.path("jobs").asInt(48);
    int slots = fleetJson.path("slots").asInt(32);
    CostLine cpu = validationLine(o, fleetJson);
    List<Scenario> out = new ArrayList<>();
    for (Row r : FLEET_ROWS) {
      out.add(
          new Scenario(
              "validate-" + r.name(),
              cpu,
              r.strategy(),
              profiles.get(r.arm()),
              true,
              GRID_STEPS,
              slots,
              r.policy(),
              new Arrivals.AllAtOnce(jobs),
              0,
              3600,
              new Scenario.Fixed(1),
              Integer.MAX_VALUE,
              o.seed()));
    }
    return out;
  }

  static Scenario saturated(
      SimulateOptions o, String name, String strategy, PruningProfile p, Admission a) {
    return new Scenario(
        name,
        o.gpu(),
        strategy,
        p,
        false,
        GRID_STEPS,
        PROD_SLOTS,
        a,
        new Arrivals.AllAtOnce(o.saturatingJobs()),
        0,
        3600,
        new Scenario.Fixed(1),
        Integer.MAX_VALUE,
        o.seed());
  }

  static Scenario fleet(
      SimulateOptions o, String name, String strategy, PruningProfile p, Arrivals load, Keda k) {
    return new Scenario(
        name,
        o.gpu(),
        strategy,
        p,
        false,
        GRID_STEPS,
        PROD_SLOTS,
        Admission.ADAPTIVE,
        load,
        o.horizonSeconds(),
        2 * o.horizonSeconds() + 3600,
        new Scenario.Autoscaled(k),
        PROD_SLOTS,
        o.seed());
  }

  static String lower(Admission a) {
    return a.name().toLowerCase(Locale.ROOT);
  }
}

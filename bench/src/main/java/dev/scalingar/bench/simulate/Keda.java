package dev.scalingar.bench.simulate;

import java.util.List;

/**
 * The worker ScaledObject's parameters as {@code k8s/} sets them (base {@code
 * worker/fleet/scaledobject.yaml} and the prod overlay), and the pod start time.
 *
 * @param pollingSeconds KEDA's pollingInterval; the HPA is assumed to act at the same rate (15 s)
 * @param cooldownSeconds cooldownPeriod: no trigger active this long → scale to zero (600 s)
 * @param minReplicas minReplicaCount (0: scale to zero)
 * @param maxReplicas maxReplicaCount (prod 24 = the jobs topic's partitions)
 * @param podStartSeconds from a replica being asked for to its worker taking jobs (GPU node, image,
 *     model load; an assumption, 120 s for a GPU pod)
 * @param scaleUpPods HPA scaleUp policy: at most this many pods added per {@code
 *     scaleUpPeriodSeconds} (4 per 60 s)
 * @param scaleUpPeriodSeconds see scaleUpPods
 * @param scaleDownWindowSeconds HPA scaleDown stabilizationWindowSeconds: the largest
 *     recommendation of this window is kept (300 s)
 * @param scaleDownPods HPA scaleDown policy: at most this many pods removed per {@code
 *     scaleDownPeriodSeconds} (1 per 120 s)
 * @param scaleDownPeriodSeconds see scaleDownPods
 * @param tolerance the HPA's tolerance: no change while value / (replicas × threshold) is within 1
 *     ± 0.1
 * @param triggers KEDA takes the largest replica count of its triggers
 * @param label a short name for the tables ({@code lag}, {@code steps}, {@code lag+steps})
 */
public record Keda(
    double pollingSeconds,
    double cooldownSeconds,
    int minReplicas,
    int maxReplicas,
    double podStartSeconds,
    int scaleUpPods,
    double scaleUpPeriodSeconds,
    double scaleDownWindowSeconds,
    int scaleDownPods,
    double scaleDownPeriodSeconds,
    double tolerance,
    List<Trigger> triggers,
    String label) {

  public Keda {
    if (!(pollingSeconds > 0)
        || cooldownSeconds < 0
        || minReplicas < 0
        || maxReplicas < Math.max(1, minReplicas)
        || podStartSeconds < 0
        || scaleUpPods < 1
        || scaleDownPods < 1
        || triggers.isEmpty()) {
      throw new IllegalArgumentException("invalid KEDA parameters: " + label);
    }
    triggers = List.copyOf(triggers);
  }

  /**
   * prod's ScaledObject ({@code k8s/overlays/prod}): 0..24 replicas and its behaviour; the triggers
   * are given (prod's: lagThreshold 16 and threshold S × L = 32,768, {@link Scenarios#triggers}).
   */
  public static Keda prod(List<Trigger> triggers, String label, double podStartSeconds) {
    return new Keda(15, 600, 0, 24, podStartSeconds, 4, 60, 300, 1, 120, 0.1, triggers, label);
  }

  /**
   * The behaviour this simulator proposes (k8s/README.md): scale up by up to 8 pods every 15 s (a
   * GPU pod takes minutes to start, so ask early) and keep a burst's fleet for 15 minutes before
   * giving pods back one a minute.
   */
  public Keda proposedBehaviour(String newLabel) {
    return new Keda(
        pollingSeconds,
        cooldownSeconds,
        minReplicas,
        maxReplicas,
        podStartSeconds,
        8,
        15,
        900,
        1,
        60,
        tolerance,
        triggers,
        newLabel);
  }

  public Keda withMinReplicas(int min, String newLabel) {
    return new Keda(
        pollingSeconds,
        cooldownSeconds,
        min,
        maxReplicas,
        podStartSeconds,
        scaleUpPods,
        scaleUpPeriodSeconds,
        scaleDownWindowSeconds,
        scaleDownPods,
        scaleDownPeriodSeconds,
        tolerance,
        triggers,
        newLabel);
  }

  public Keda withTriggers(List<Trigger> t, String newLabel) {
    return new Keda(
        pollingSeconds,
        cooldownSeconds,
        minReplicas,
        maxReplicas,
        podStartSeconds,
        scaleUpPods,
        scaleUpPeriodSeconds,
        scaleDownWindowSeconds,
        scaleDownPods,
        scaleDownPeriodSeconds,
        tolerance,
        t,
        newLabel);
  }

  public Keda withCooldown(double seconds) {
    return new Keda(
        pollingSeconds,
        seconds,
        minReplicas,
        maxReplicas,
        podStartSeconds,
        scaleUpPods,
        scaleUpPeriodSeconds,
        scaleDownWindowSeconds,
        scaleDownPods,
        scaleDownPeriodSeconds,
        tolerance,
        triggers,
        label);
  }

  public Keda withScaleDown(double windowSeconds, int pods, double periodSeconds) {
    return new Keda(
        pollingSeconds,
        cooldownSeconds,
        minReplicas,
        maxReplicas,
        podStartSeconds,
        scaleUpPods,
        scaleUpPeriodSeconds,
        windowSeconds,
        pods,
        periodSeconds,
        tolerance,
        triggers,
        label);
  }
}

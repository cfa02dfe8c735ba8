package dev.scalingar.bench.simulate;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * KEDA in front of the HPA, as far as replica counts go: activation and scale to zero are KEDA's
 * (any trigger above 0 is active; none active for cooldownPeriod → 0 replicas), everything between
 * 1 and maxReplicaCount is the HPA's, with the ScaledObject's behaviour: each trigger recommends
 * ⌈value / threshold⌉ (unchanged within the tolerance), the largest wins, a scale-down keeps the
 * largest recommendation of its stabilisation window, and both directions are rate-limited by their
 * Pods policies. Metrics are read fresh at each poll (no scrape delay).
 */
final class Autoscaler {

  private final Keda keda;
  private double lastActive = Double.NEGATIVE_INFINITY;

  /** (time, recommendation) of the scale-down window. */
  private final Deque<double[]> recommendations = new ArrayDeque<>();

  /** (time, +added / −removed) within the longer policy period. */
  private final Deque<double[]> changes = new ArrayDeque<>();

  Autoscaler(Keda keda) {
    this.keda = keda;
  }

  /** The replica count to have now, given the current one. */
  int decide(double now, Trigger.Metrics m, int current) {
    boolean active = false;
    for (Trigger t : keda.triggers()) {
      active |= t.value(m) > 0;
    }
    if (active) {
      lastActive = now;
    }
    if (!active
        && current > 0
        && keda.minReplicas() == 0
        && now - lastActive >= keda.cooldownSeconds()) {
      recommendations.clear();
      return record(now, current, 0);
    }
    if (current == 0 && !active) {
      return keda.minReplicas();
    }
    int floor = Math.max(1, keda.minReplicas());
    int base = Math.max(current, 1); // KEDA activates 0 → 1, the HPA scales from there
    int recommended = floor;
    for (Trigger t : keda.triggers()) {
      double value = t.value(m);
      double ratio = value / (base * t.threshold());
      int want =
          Math.abs(ratio - 1) <= keda.tolerance() && current > 0
              ? current
              : (int) Math.ceil(value / t.threshold());
      recommended = Math.max(recommended, want);
    }
    recommended = Math.min(keda.maxReplicas(), Math.max(floor, recommended));
    recommendations.addLast(new double[] {now, recommended});
    while (!recommendations.isEmpty()
        && recommendations.peekFirst()[0] < now - keda.scaleDownWindowSeconds()) {
      recommendations.removeFirst();
    }
    int desired = recommended;
    if (recommended < current) {
      for (double[] r : recommendations) {
        desired = Math.max(desired, (int) r[1]);
      }
      desired = Math.min(desired, current);
      int removed = (int) -sum(now - keda.scaleDownPeriodSeconds(), false);
      desired = Math.max(desired, current - Math.max(0, keda.scaleDownPods() - removed));
    } else if (recommended > current) {
      int added = (int) sum(now - keda.scaleUpPeriodSeconds(), true);
      desired =
          Math.min(recommended, Math.max(current, 1) + Math.max(0, keda.scaleUpPods() - added));
      desired = Math.max(desired, 1);
    }
    return record(now, current, desired);
  }

  private int record(double now, int current, int desired) {
    if (desired != current) {
      changes.addLast(new double[] {now, desired - current});
    }
    double horizon = Math.max(keda.scaleUpPeriodSeconds(), keda.scaleDownPeriodSeconds());
    while (!changes.isEmpty() && changes.peekFirst()[0] < now - horizon) {
      changes.removeFirst();
    }
    return desired;
  }

  /** Pods added (up) or removed (as a negative number) since {@code since}. */
  private double sum(double since, boolean up) {
    double s = 0;
    for (double[] c : changes) {
      if (c[0] > since && (up ? c[1] > 0 : c[1] < 0)) {
        s += c[1];
      }
    }
    return s;
  }
}

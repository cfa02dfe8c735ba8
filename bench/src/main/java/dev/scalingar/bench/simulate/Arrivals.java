package dev.scalingar.bench.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** When jobs arrive, in seconds from the start of a scenario. */
public sealed interface Arrivals {

  /** Arrival times in {@code [0, horizonSeconds)}, ascending. */
  List<Double> times(double horizonSeconds, SplittableRandom random);

  /** A short label for tables and plots. */
  String describe();

  /** {@code jobs} jobs all queued at t = 0, as bench-fleet submits them. */
  record AllAtOnce(int jobs) implements Arrivals {
    @Override
    public List<Double> times(double horizonSeconds, SplittableRandom random) {
      List<Double> t = new ArrayList<>(jobs);
      for (int i = 0; i < jobs; i++) {
        t.add(0.0);
      }
      return t;
    }

    @Override
    public String describe() {
      return jobs + " jobs at once";
    }

    @Override
    public double meanJobsPerMinute(double horizonSeconds) {
      return Double.NaN;
    }
  }

  /** A homogeneous Poisson process. */
  record Poisson(double jobsPerMinute) implements Arrivals {
    @Override
    public List<Double> times(double horizonSeconds, SplittableRandom random) {
      return thinned(t -> jobsPerMinute, jobsPerMinute, horizonSeconds, random);
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "Poisson %.0f jobs/min", jobsPerMinute);
    }

    @Override
    public double meanJobsPerMinute(double horizonSeconds) {
      return jobsPerMinute;
    }
  }

  /**
   * Bursty: a Poisson process at {@code baseJobsPerMinute}, raised to {@code burstJobsPerMinute}
   * for {@code burstSeconds} at the start of every {@code periodSeconds} (the first burst comes
   * after one quiet stretch, so the fleet starts from its resting size).
   */
  record OnOff(
      double baseJobsPerMinute,
      double burstJobsPerMinute,
      double burstSeconds,
      double periodSeconds)
      implements Arrivals {

    public OnOff {
      if (!(burstSeconds > 0 && burstSeconds < periodSeconds)
          || baseJobsPerMinute < 0
          || burstJobsPerMinute < baseJobsPerMinute) {
        throw new IllegalArgumentException(
            "bursts need 0 < burstSeconds < periodSeconds and burst >= base rate");
      }
    }

    double rate(double t) {
      double phase = t % periodSeconds;
      return phase >= periodSeconds - burstSeconds ? burstJobsPerMinute : baseJobsPerMinute;
    }

    @Override
    public List<Double> times(double horizonSeconds, SplittableRandom random) {
      return thinned(this::rate, burstJobsPerMinute, horizonSeconds, random);
    }

    @Override
    public String describe() {
      return String.format(
          Locale.ROOT,
          "%.0f jobs/min, bursts of %.0f jobs/min for %.0f s every %.0f s",
          baseJobsPerMinute,
          burstJobsPerMinute,
          burstSeconds,
          periodSeconds);
    }

    @Override
    public double meanJobsPerMinute(double horizonSeconds) {
      double sum = 0;
      int samples = 10_000;
      for (int i = 0; i < samples; i++) {
        sum += rate((i + 0.5) * horizonSeconds / samples);
      }
      return sum / samples;
    }
  }

  /**
   * Mean arrivals per minute over {@code [0, horizonSeconds)} (for tables; NaN when all come at
   * once).
   */
  double meanJobsPerMinute(double horizonSeconds);

  /**
   * A non-homogeneous Poisson process by thinning (Lewis and Shedler): rate(t) ≤ maxRate jobs/min.
   */
  private static List<Double> thinned(
      java.util.function.DoubleUnaryOperator ratePerMinute,
      double maxPerMinute,
      double horizonSeconds,
      SplittableRandom random) {
    List<Double> out = new ArrayList<>();
    if (!(maxPerMinute > 0)) {
      return out;
    }
    double lambda = maxPerMinute / 60.0;
    double t = 0;
    while (true) {
      t += -Math.log(1 - random.nextDouble()) / lambda;
      if (t >= horizonSeconds) {
        return out;
      }
      if (random.nextDouble() * maxPerMinute < ratePerMinute.applyAsDouble(t)) {
        out.add(t);
      }
    }
  }
}

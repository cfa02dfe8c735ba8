package dev.scalingar.worker.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.sampler.TraceEvent;
import dev.scalingar.sampler.TraceRow;
import dev.scalingar.schemas.events.JobProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {

  static final long MS = 1_000_000L;

  static TraceRow row(int trajectory, int step, double c, double theta, TraceEvent event) {
    return new TraceRow(
        trajectory, step, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, c, 0, 0, theta, 4.0, 0, c, event);
  }

  static List<TraceRow> step(int step, int trajectories) {
    List<TraceRow> rows = new ArrayList<>();
    for (int t = 0; t < trajectories; t++) {
      rows.add(row(t, step, 0.5 + 0.01 * t, step < 8 ? Double.NaN : 0.4, TraceEvent.NONE));
    }
    return rows;
  }

  /**
   * Feeds {@code steps} steps, one every {@code stepMillis} ms of pretend time; returns the curves
   * sent.
   */
  static List<JobProgress.Curve> run(ProgressThrottle throttle, int steps, long stepMillis) {
    List<JobProgress.Curve> sent = new ArrayList<>();
    for (int s = 0; s < steps; s++) {
      throttle.offer("j-1", step(s, 4), s * stepMillis * MS).ifPresent(sent::add);
    }
    return sent;
  }

  @Test
  void aFastDeviceNeverSendsMoreThanTheRatePerSecond() {
    // 1,000 steps of 1 ms: one second of pretend time at 2 events per second.
    List<JobProgress.Curve> sent = run(new ProgressThrottle(1, 2), 1000, 1);
    assertThat(sent).hasSizeBetween(1, 3);
  }

  @Test
  void aSlowDeviceSendsEveryMinStepsSteps() {
    // 64 steps of one second each: the time bound never bites, the step bound gives 64 / 16.
    assertThat(run(new ProgressThrottle(16, 2), 64, 1000)).hasSize(4);
  }

  @Test
  void theCurveCarriesEveryStepSinceThePreviousEventThinnedToItsBound() {
    List<JobProgress.Curve> sent = run(new ProgressThrottle(16, 2), 64, 1000);
    assertThat(sent.get(1).steps())
        .containsExactlyElementsOf(IntStream.range(16, 32).boxed().toList());
    assertThat(sent.get(0).trajectories())
        .extracting(JobProgress.Series::trajectory)
        .containsExactly(0, 1, 2, 3);
    assertThat(sent.get(0).theta().subList(0, 8)).containsOnlyNulls(); // warm-up: θ undefined
    assertThat(sent.get(0).theta().get(8)).isEqualTo(0.4);

    List<JobProgress.Curve> thinned = run(new ProgressThrottle(100, 2), 100, 1000);
    assertThat(thinned).hasSize(1);
    assertThat(thinned.get(0).steps())
        .hasSize(ProgressThrottle.MAX_CURVE_STEPS)
        .startsWith(0)
        .endsWith(99);
  }

  @Test
  void marksAreKeptAndEndedTrajectoriesAreNull() {
    ProgressThrottle throttle = new ProgressThrottle(3, 2);
    assertThat(
            throttle.offer(
                "j-1",
                List.of(
                    row(0, 0, 0.5, 0.4, TraceEvent.NONE), row(1, 0, 0.3, 0.4, TraceEvent.FLAGGED)),
                0))
        .isEmpty();
    assertThat(
            throttle.offer(
                "j-1",
                List.of(
                    row(0, 1, 0.5, 0.4, TraceEvent.NONE),
                    row(1, 1, 0.2, 0.4, TraceEvent.TERMINATED)),
                MS))
        .isEmpty();
    Optional<JobProgress.Curve> c =
        throttle.offer("j-1", List.of(row(0, 2, 0.5, 0.4, TraceEvent.SELECTED)), 2 * MS);
    assertThat(c).isPresent();
    assertThat(c.get().marks())
        .containsExactly(
            new JobProgress.Mark(1, 0, dev.scalingar.schemas.trace.TraceEvent.FLAGGED),
            new JobProgress.Mark(1, 1, dev.scalingar.schemas.trace.TraceEvent.TERMINATED));
    assertThat(c.get().trajectories().get(1).c()).containsExactly(0.3, 0.2, null);
  }

  @Test
  void aForgottenJobIsNoLongerTracked() {
    ProgressThrottle throttle = new ProgressThrottle(16, 2);
    throttle.offer("j-1", step(0, 2), 0);
    throttle.forget("j-1");
    assertThat(throttle.tracked()).isZero();
    assertThatThrownBy(() -> new ProgressThrottle(1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

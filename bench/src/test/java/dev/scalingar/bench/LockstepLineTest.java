package dev.scalingar.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-run line is the line its steps were timed from, and refuses steps that cannot fix it. */
class LockstepLineTest {

  @Test
  void recoversTheLineItsStepsFollow() {
    List<CostMeter.LockstepStep> steps = new ArrayList<>();
    for (int t : new int[] {4, 8, 16, 32}) {
      for (int position = 0; position < 256; position += 17) {
        double ms = 6.5 + t * (0.31 + 0.0015 * (8 + position + 1));
        steps.add(new CostMeter.LockstepStep(t, position, ms));
      }
    }
    LockstepLine line = LockstepLine.fit(steps, 8).orElseThrow();
    assertThat(line.fixedMs()).isCloseTo(6.5, within(1e-6));
    assertThat(line.perTrajectoryMs()).isCloseTo(0.31, within(1e-6));
    assertThat(line.perPositionMs()).isCloseTo(0.0015, within(1e-9));
    assertThat(line.rSquared()).isCloseTo(1.0, within(1e-9));
    assertThat(line.steps()).isEqualTo(steps.size());
    assertThat(line.spec()).isEqualTo("6.50000,0.310000,0.00150000");
  }

  @Test
  void noLineFromTooFewStepsOrFromOneSizeOrOnePosition() {
    List<CostMeter.LockstepStep> oneSize = new ArrayList<>();
    List<CostMeter.LockstepStep> onePosition = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      oneSize.add(new CostMeter.LockstepStep(8, i, 10 + i));
      onePosition.add(new CostMeter.LockstepStep(1 + i, 5, 10 + i));
    }
    assertThat(LockstepLine.fit(oneSize, 8)).isEmpty();
    assertThat(LockstepLine.fit(onePosition, 8)).isEmpty();
    assertThat(LockstepLine.fit(oneSize.subList(0, 3), 8)).isEmpty();
  }
}

package dev.scalingar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code ./scalingar bench-fleet}'s refusals, before any model loads. */
class BenchFleetCommandTest extends InProcessCommandTest {

  @Test
  void twoPlannersAtOnceAreRefusedInOneLine() {
    int code = run("bench-fleet", "--single-call-decode", "--measure-decode-groups");
    assertThat(code).isNotZero();
    assertThat(err.toString())
        .contains("--single-call-decode and --measure-decode-groups choose different planners");
  }

  @Test
  void noRoundsIsRefused() {
    int code = run("bench-fleet", "--rounds", "0");
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--rounds must be >= 1");
  }
}

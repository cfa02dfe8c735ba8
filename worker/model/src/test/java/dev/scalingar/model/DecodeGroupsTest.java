package dev.scalingar.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.engine.model.StepCost;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DecodeGroupsTest {

  @Test
  void rowsInLockstepStayInOneCall() {
    int[] lengths = new int[16];
    Arrays.fill(lengths, 200);
    assertThat(DecodeGroups.CPU.plan(lengths)).hasSize(1);
  }

  @Test
  void aRefilledJobFarBehindGetsItsOwnCall() {
    // One job of 8 trajectories at token 250, a refilled job of 8 at token 3.
    int[] lengths = new int[16];
    for (int i = 0; i < 16; i++) {
      lengths[i] = i % 2 == 0 ? 250 : 3;
    }
    List<int[]> calls = new DecodeGroups(500, 60).plan(lengths);
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0)).containsExactly(1, 3, 5, 7, 9, 11, 13, 15);
    assertThat(calls.get(1)).containsExactly(0, 2, 4, 6, 8, 10, 12, 14);
  }

  @Test
  void aSmallGapIsNotWorthAnotherCall() {
    int[] lengths = {100, 100, 101, 101};
    assertThat(new DecodeGroups(500, 60).plan(lengths)).hasSize(1);
  }

  @Test
  void noOverheadSplitsAtEveryDistinctLengthAndInfiniteOverheadNever() {
    int[] lengths = {5, 9, 5, 7, 9};
    assertThat(new DecodeGroups(0, 0).plan(lengths))
        .extracting(call -> call.length)
        .containsExactly(2, 1, 2);
    assertThat(DecodeGroups.SINGLE_CALL.plan(lengths))
        .singleElement()
        .satisfies(call -> assertThat(call).containsExactly(0, 2, 3, 1, 4));
    assertThat(DecodeGroups.CPU.plan(new int[0])).isEmpty();
  }

  @Test
  void theStepCostIsTheCostOfThePlannedCalls() {
    Random random = new Random(5);
    DecodeGroups groups = new DecodeGroups(40, 6);
    int prefix = 3;
    for (int trial = 0; trial < 100; trial++) {
      List<StepCost.Cohort> cohorts = new ArrayList<>();
      List<Integer> rows = new ArrayList<>();
      for (int c = 0, k = 1 + random.nextInt(5); c < k; c++) {
        StepCost.Cohort cohort = new StepCost.Cohort(random.nextInt(100), 1 + random.nextInt(4));
        cohorts.add(cohort);
        for (int t = 0; t < cohort.trajectories(); t++) {
          rows.add(prefix + cohort.position() + 1);
        }
      }
      int[] lengths = rows.stream().mapToInt(Integer::intValue).toArray();
      assertThat(groups.stepCost(prefix).decode(cohorts))
          .isCloseTo(
              cost(groups, lengths, groups.plan(lengths)),
              org.assertj.core.data.Offset.offset(1e-9));
    }
    assertThat(
            DecodeGroups.SINGLE_CALL
                .stepCost(0)
                .decode(List.of(new StepCost.Cohort(9, 2), new StepCost.Cohort(0, 1))))
        .as("one padded call")
        .isEqualTo(3 * 10.0);
    assertThat(groups.stepCost(prefix).decode(List.of())).isZero();
  }

  @Test
  void thePlanIsAPartitionWithTheLeastModelledCost() {
    Random random = new Random(11);
    DecodeGroups groups = new DecodeGroups(40, 6);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + random.nextInt(8);
      int[] lengths = IntStream.range(0, n).map(i -> 1 + random.nextInt(120)).toArray();
      List<int[]> calls = groups.plan(lengths);
      int[] covered = calls.stream().flatMapToInt(Arrays::stream).sorted().toArray();
      assertThat(covered)
          .as("every trajectory exactly once")
          .containsExactly(IntStream.range(0, n).toArray());
      assertThat(cost(groups, lengths, calls))
          .isCloseTo(bruteForceBest(groups, lengths), org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void theWrittenFormParsesAndAnythingElseIsRefused() {
    assertThat(DecodeGroups.parse("single")).isEqualTo(DecodeGroups.SINGLE_CALL);
    assertThat(DecodeGroups.parse(" fitted ")).isEqualTo(DecodeGroups.CPU);
    assertThat(DecodeGroups.parse("800, 20.5")).isEqualTo(new DecodeGroups(800, 20.5));
    for (String bad : List.of("", "1000", "a,b", "1,2,3", "-1,2")) {
      assertThatThrownBy(() -> DecodeGroups.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> DecodeGroups.parse("fast"))
        .hasMessageContaining("'fast' is not single, fitted or callOverhead,trajectoryCost");
  }

  @Test
  void negativeCostsAreRefused() {
    assertThatThrownBy(() -> new DecodeGroups(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callOverhead=-1");
    assertThatThrownBy(() -> new DecodeGroups(0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double cost(DecodeGroups g, int[] lengths, List<int[]> calls) {
    double total = 0;
    for (int[] call : calls) {
      int longest = Arrays.stream(call).map(i -> lengths[i]).max().orElseThrow();
      total += g.callOverhead() + call.length * (g.trajectoryCost() + longest);
    }
    return total;
  }

  /** Every assignment of trajectories to calls (not only contiguous runs of the sorted order). */
  private static double bruteForceBest(DecodeGroups g, int[] lengths) {
    return assign(g, lengths, 0, new ArrayList<>());
  }

  private static double assign(DecodeGroups g, int[] lengths, int next, List<List<Integer>> calls) {
    if (next == lengths.length) {
      return cost(
          g,
          lengths,
          calls.stream().map(c -> c.stream().mapToInt(Integer::intValue).toArray()).toList());
    }
    double best = Double.POSITIVE_INFINITY;
    for (int c = 0; c < calls.size(); c++) {
      List<Integer> call = calls.get(c);
      call.add(next);
      best = Math.min(best, assign(g, lengths, next + 1, calls));
      call.remove(call.size() - 1);
    }
    calls.add(new ArrayList<>(List.of(next)));
    best = Math.min(best, assign(g, lengths, next + 1, calls));
    calls.remove(calls.size() - 1);
    return best;
  }
}

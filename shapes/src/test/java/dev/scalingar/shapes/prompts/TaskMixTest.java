package dev.scalingar.shapes.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.scalingar.shapes.grammar.Task;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskMixTest {

  @Test
  void theCompositionalMixDrawsTasksInProportionToTheirWeights() {
    TrainingSampler sampler = new TrainingSampler(3, TaskMix.COMPOSITIONAL);
    Map<Task, Integer> counts = new EnumMap<>(Task.class);
    int n = 60_000;
    for (int i = 0; i < n; i++) {
      counts.merge(sampler.next().spec().task(), 1, Integer::sum);
    }
    double total = 1 + 1.5 + 2 + 1 + 2 + 2;
    assertThat(counts.get(Task.COUNTING) / (double) n).isCloseTo(2 / total, within(0.01));
    assertThat(counts.get(Task.SINGLE_OBJECT) / (double) n).isCloseTo(1 / total, within(0.01));
    assertThat(counts.get(Task.TWO_OBJECT) / (double) n).isCloseTo(1.5 / total, within(0.01));
  }

  @Test
  void theUniformMixIsTheDefaultSamplersSequence() {
    TrainingSampler a = new TrainingSampler(9);
    TrainingSampler b = new TrainingSampler(9, TaskMix.named("uniform"));
    for (int i = 0; i < 100; i++) {
      assertThat(b.next()).isEqualTo(a.next());
    }
  }

  @Test
  void badMixesAreRefusedByName() {
    assertThatThrownBy(() -> TaskMix.named("hard"))
        .hasMessageContaining("known: uniform, compositional");
    assertThatThrownBy(() -> TaskMix.of("x", 1, 1, 0, 1, 1, 1)).hasMessageContaining("counting");
    assertThat(TaskMix.COMPOSITIONAL.describe())
        .startsWith("single_object=1.0,two_object=1.5,counting=2.0");
  }
}

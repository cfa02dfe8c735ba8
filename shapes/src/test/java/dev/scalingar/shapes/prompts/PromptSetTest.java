package dev.scalingar.shapes.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.shapes.grammar.PromptSpec;
import dev.scalingar.shapes.grammar.Task;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PromptSetTest {

  @Test
  void evalSetIsFrozen() {
    assertThat(PromptSet.sha256(PromptSet.resourceText("eval-v1")))
        .isEqualTo(PromptSet.EVAL_V1_SHA256);
    assertThat(PromptSet.sha256(PromptSet.resourceText("dev-v1")))
        .isEqualTo(PromptSet.DEV_V1_SHA256);
  }

  @Test
  void evalSetHoldsFiftyPromptsOfEachTask() {
    PromptSet eval = PromptSet.eval();
    assertThat(eval.name()).isEqualTo("eval-v1");
    assertThat(eval.entries()).hasSize(300);
    for (Task task : Task.values()) {
      assertThat(eval.ofTask(task)).hasSize(50).allMatch(e -> e.spec().task() == task);
    }
  }

  @Test
  void smallFamiliesAreCoveredEvenly() {
    Map<PromptSpec, Long> singles =
        PromptSet.eval().ofTask(Task.SINGLE_OBJECT).stream()
            .collect(Collectors.groupingBy(e -> e.spec().canonical(), Collectors.counting()));
    assertThat(singles).hasSize(5).allSatisfy((spec, n) -> assertThat(n).isEqualTo(10));
    assertThat(meanings(PromptSet.eval().ofTask(Task.POSITION))).hasSize(50);
    assertThat(meanings(PromptSet.eval().ofTask(Task.COLOR_ATTR))).hasSize(50);
  }

  @Test
  void devSetAvoidsEveryEvalMeaningWhereTheFamilyAllowsIt() {
    PromptSet dev = PromptSet.dev();
    assertThat(dev.entries()).hasSize(96);
    Map<Task, Set<PromptSpec>> evalMeanings = new EnumMap<>(Task.class);
    for (Task task : Task.values()) {
      evalMeanings.put(task, meanings(PromptSet.eval().ofTask(task)));
      assertThat(dev.ofTask(task)).hasSize(16);
    }
    for (Task task : List.of(Task.POSITION, Task.COLOR_ATTR)) {
      assertThat(meanings(dev.ofTask(task))).doesNotContainAnyElementsOf(evalMeanings.get(task));
    }
  }

  @Test
  void generatorStillReproducesTheFrozenFiles() {
    assertThat(PromptSetGenerator.evalV1()).isEqualTo(PromptSet.resourceText("eval-v1"));
    assertThat(PromptSetGenerator.devV1()).isEqualTo(PromptSet.resourceText("dev-v1"));
  }

  @Test
  void refusesMalformedLines() {
    assertThatThrownBy(() -> PromptSet.parse("x", "counting\ta circle\n"))
        .hasMessageContaining("is a single_object prompt, listed as counting");
    assertThatThrownBy(() -> PromptSet.parse("x", "counting three circles\n"))
        .hasMessageContaining("line 1: expected task<TAB>prompt");
    assertThatThrownBy(() -> PromptSet.parse("x", "shapes\ta circle\n"))
        .hasMessageContaining("unknown task tag 'shapes'");
    assertThatThrownBy(() -> PromptSet.named("test"))
        .hasMessageContaining("unknown prompt set 'test'");
  }

  @Test
  void trainingSamplerIsSeededAndCoversEveryFamily() {
    TrainingSampler a = new TrainingSampler(5);
    TrainingSampler b = new TrainingSampler(5);
    Map<Task, Integer> counts = new EnumMap<>(Task.class);
    for (int i = 0; i < 6_000; i++) {
      TrainingSampler.Sample s = a.next();
      assertThat(b.next()).isEqualTo(s);
      counts.merge(s.spec().task(), 1, Integer::sum);
    }
    assertThat(counts).hasSize(6).allSatisfy((task, n) -> assertThat(n).isBetween(850, 1150));
    assertThat(new TrainingSampler(6).next()).isNotEqualTo(new TrainingSampler(5).next());
  }

  private static Set<PromptSpec> meanings(List<PromptSet.Entry> entries) {
    return entries.stream().map(e -> e.spec().canonical()).collect(Collectors.toSet());
  }
}

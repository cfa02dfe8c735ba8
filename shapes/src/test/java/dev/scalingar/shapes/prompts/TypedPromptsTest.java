package dev.scalingar.shapes.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.shapes.grammar.Task;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The hand-written typed prompts behind issue 16's target and the checker that measures them. The
 * figure itself is measured by {@code ./scalingar shapes normalise --file}, not asserted here.
 */
class TypedPromptsTest {

  static final Path FILE = Path.of("src/test/resources/typed-prompts.tsv");

  @Test
  void theFileHas120PromptsSpreadOverTheSixTasks() {
    List<TypedPrompts.Case> cases = TypedPrompts.read(FILE);
    assertThat(cases).hasSize(120);
    Map<Task, Long> perTask =
        cases.stream().collect(Collectors.groupingBy(c -> c.scene().task(), Collectors.counting()));
    assertThat(perTask).containsOnlyKeys(Arrays.asList(Task.values()));
    assertThat(perTask.values()).allMatch(n -> n == 20);
    // typed differently from how the grammar writes it, in at least one of the listed ways
    assertThat(cases).filteredOn(c -> c.typed().equals(c.intended())).hasSizeLessThan(6);
    assertThat(cases).anyMatch(c -> c.typed().contains("\t"));
  }

  @Test
  void countsAHitAMissAndARefusal() {
    TypedPrompts.Report report =
        TypedPrompts.check(
            TypedPrompts.parse(
                List.of(
                    "# comment",
                    "",
                    "A photo of 2 circles.\ttwo circles",
                    "a square and a circle\ta circle and a square", // same scene, other order
                    "a circle above a square\ta circle below a square",
                    "a pic of a circle\ta circle")));
    assertThat(report.outcomes()).hasSize(4);
    assertThat(report.hits()).isEqualTo(2);
    assertThat(report.share()).isEqualTo(0.5);
    Map<Integer, TypedPrompts.Outcome> byLine =
        report.outcomes().stream()
            .collect(Collectors.toMap(o -> o.input().line(), Function.identity()));
    assertThat(byLine.get(3))
        .isEqualTo(new TypedPrompts.Parsed(byLine.get(3).input(), "two circles", true));
    assertThat(byLine.get(5)).isInstanceOf(TypedPrompts.Parsed.class).matches(o -> !o.sameScene());
    assertThat(byLine.get(6))
        .isInstanceOfSatisfying(
            TypedPrompts.Refused.class,
            r -> assertThat(r.message()).startsWith("unknown word 'pic' (word 2)"));
    assertThat(report.misses()).extracting(o -> o.input().line()).containsExactly(5, 6);
  }

  @Test
  void aBrokenFileIsAnErrorNotAMiss() {
    assertThatThrownBy(() -> TypedPrompts.parse(List.of("a circle")))
        .hasMessageContaining("line 1: expected typed<TAB>intended");
    assertThatThrownBy(() -> TypedPrompts.parse(List.of("x\ta pink circle")))
        .hasMessageContaining("line 1: the intended prompt 'a pink circle' is outside the grammar");
    assertThatThrownBy(() -> TypedPrompts.read(Path.of("no-such-file.tsv")))
        .hasMessageContaining("no such file");
  }
}

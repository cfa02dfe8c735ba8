package dev.scalingar.shapes.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.shapes.grammar.Colour;
import dev.scalingar.shapes.grammar.Relation;
import dev.scalingar.shapes.grammar.Shape;
import dev.scalingar.shapes.grammar.Task;
import dev.scalingar.shapes.render.PlacedObject;
import dev.scalingar.shapes.render.Renderer;
import dev.scalingar.shapes.render.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapesEvalTest {

  private static RgbImage scene(PlacedObject... objects) {
    return Renderer.draw(List.of(objects));
  }

  private static PlacedObject at(Shape shape, Colour colour, int x, int y, int side) {
    return new PlacedObject(shape, colour, x, y, side);
  }

  @Test
  void readsEveryShapeInEveryColourAtEverySize() {
    for (Shape shape : Shape.values()) {
      for (Colour colour : Colour.values()) {
        for (int side = Renderer.MIN_SIDE; side <= Renderer.MAX_SIDE; side += 2) {
          List<DetectedObject> found = SceneReader.read(scene(at(shape, colour, 20, 20, side)));
          assertThat(found).as(shape + " " + colour + " " + side).hasSize(1);
          assertThat(found.get(0).shape()).as(shape + " " + side).isEqualTo(shape);
          assertThat(found.get(0).colour()).isEqualTo(colour);
        }
      }
    }
  }

  @Test
  void judgesACorrectImageCorrect() {
    RgbImage image =
        scene(at(Shape.CIRCLE, Colour.RED, 24, 4, 16), at(Shape.SQUARE, Colour.BLUE, 24, 40, 16));
    Verdict verdict = ShapesEval.judge("a red circle above a blue square", image);
    assertThat(verdict.correct()).isTrue();
    assertThat(verdict.task()).isEqualTo(Task.POSITION);
    assertThat(verdict.reasons()).isEmpty();
    assertThat(verdict.objects()).hasSize(2);
  }

  @Test
  void reportsAMissingObject() {
    RgbImage image = scene(at(Shape.CIRCLE, Colour.RED, 10, 10, 16));
    Verdict verdict = ShapesEval.judge("a circle and a triangle", image);
    assertThat(verdict.correct()).isFalse();
    assertThat(verdict.reasons()).singleElement().isInstanceOf(Reason.MissingObject.class);
    assertThat(verdict.reasons().get(0).kind()).isEqualTo("missing_object");
    assertThat(verdict.reasons().get(0).message()).isEqualTo("expected triangle>=1, found 0");
  }

  @Test
  void countingNeedsTheExactCount() {
    RgbImage three =
        scene(
            at(Shape.SQUARE, Colour.RED, 4, 4, 14),
            at(Shape.SQUARE, Colour.BLUE, 40, 4, 14),
            at(Shape.SQUARE, Colour.GREEN, 4, 40, 14));
    assertThat(ShapesEval.judge("three squares", three).correct()).isTrue();
    Verdict two = ShapesEval.judge("two squares", three);
    assertThat(two.reasons()).containsExactly(new Reason.WrongCount(Shape.SQUARE, 2, 3));
    assertThat(ShapesEval.judge("four squares", three).reasons())
        .containsExactly(new Reason.WrongCount(Shape.SQUARE, 4, 3));
    // other shapes do not count, as GenEval counts one class
    assertThat(
            ShapesEval.judge(
                    "three squares",
                    Renderer.draw(
                        List.of(
                            at(Shape.SQUARE, Colour.RED, 4, 4, 14),
                                at(Shape.SQUARE, Colour.BLUE, 40, 4, 14),
                            at(Shape.SQUARE, Colour.GREEN, 4, 40, 14),
                                at(Shape.CIRCLE, Colour.GREEN, 40, 40, 14))))
                .correct())
        .isTrue();
  }

  @Test
  void reportsAWrongColourOfTheLargestObjectOfTheShape() {
    RgbImage image =
        scene(
            at(Shape.CIRCLE, Colour.ORANGE, 10, 10, 20),
            at(Shape.CIRCLE, Colour.YELLOW, 40, 40, 12));
    Verdict verdict = ShapesEval.judge("a yellow circle", image);
    assertThat(verdict.reasons()).singleElement().isInstanceOf(Reason.WrongColour.class);
    assertThat(verdict.reasons().get(0).message())
        .isEqualTo("expected yellow circle, found orange");
    assertThat(ShapesEval.judge("an orange circle", image).correct()).isTrue();
  }

  @Test
  void colourAttributionNeedsEachObjectInItsColour() {
    RgbImage image =
        scene(
            at(Shape.SQUARE, Colour.GREEN, 6, 6, 16),
            at(Shape.TRIANGLE, Colour.YELLOW, 36, 36, 16));
    assertThat(ShapesEval.judge("a green square and a yellow triangle", image).correct()).isTrue();
    Verdict swapped = ShapesEval.judge("a yellow square and a green triangle", image);
    assertThat(swapped.reasons()).hasSize(2).allMatch(r -> r instanceof Reason.WrongColour);
  }

  @Test
  void reportsAWrongRelation() {
    RgbImage sideBySide =
        scene(at(Shape.CIRCLE, Colour.RED, 4, 24, 16), at(Shape.SQUARE, Colour.BLUE, 40, 24, 16));
    Verdict verdict = ShapesEval.judge("a red circle above a blue square", sideBySide);
    assertThat(verdict.reasons())
        .containsExactly(
            new Reason.WrongRelation(
                Shape.CIRCLE, Relation.ABOVE, Shape.SQUARE, java.util.Set.of(Relation.LEFT_OF)));
    assertThat(verdict.reasons().get(0).message())
        .isEqualTo("expected circle above square, found left of it");
    assertThat(ShapesEval.judge("a red circle left of a blue square", sideBySide).correct())
        .isTrue();
    assertThat(ShapesEval.judge("a blue square right of a red circle", sideBySide).correct())
        .isTrue();
  }

  @Test
  void overlappingBoxesHaveNoClearRelation() {
    DetectedObject a = new DetectedObject(Shape.CIRCLE, Colour.RED, 100, 30, 30, 12, 12, 1);
    DetectedObject b = new DetectedObject(Shape.SQUARE, Colour.RED, 100, 31, 31, 12, 12, 1);
    assertThat(ShapesEval.relativePosition(a, b)).isEmpty();
  }

  @Test
  void noiseAndBlankImagesHaveNoObjects() {
    assertThat(SceneReader.read(RgbImage.filled(64, 64, 0xFFFFFF))).isEmpty();
    assertThat(SceneReader.read(RgbImage.filled(64, 64, 0x000000))).isEmpty();
    // a canvas of a palette colour is a 64×64 blob, not a square of the world
    assertThat(SceneReader.read(RgbImage.filled(64, 64, Colour.RED.rgb()))).isEmpty();
    for (int seed = 0; seed < 50; seed++) {
      assertThat(SceneReader.read(dev.scalingar.shapes.ShapesCheck.uniformNoise(seed))).isEmpty();
    }
  }

  @Test
  void ignoresSpecksAndReadsUpscaledImages() {
    int[] px = Renderer.draw(List.of(at(Shape.DIAMOND, Colour.PURPLE, 10, 10, 16))).pixels();
    px[60 * 64 + 60] = Colour.PURPLE.rgb(); // a one-pixel speck
    RgbImage image = new RgbImage(64, 64, px);
    assertThat(ShapesEval.judge("a purple diamond", image).objects()).hasSize(1);
    assertThat(ShapesEval.judge("a purple diamond", image.upscale(4)).correct()).isTrue();
    assertThatThrownBy(() -> SceneReader.read(RgbImage.filled(100, 80, 0)))
        .hasMessageContaining("got 100x80");
  }

  @Test
  void taskScoresAreTheUnweightedMeanOfTasks() {
    TaskScores scores =
        new TaskScores()
            .add(Task.COUNTING, true)
            .add(Task.COUNTING, false)
            .add(Task.COUNTING, false)
            .add(Task.COUNTING, false)
            .add(Task.COLORS, true);
    assertThat(scores.perTask()).containsEntry(Task.COUNTING, 0.25).containsEntry(Task.COLORS, 1.0);
    assertThat(scores.overall()).isEqualTo(0.625);
    assertThat(scores.count()).isEqualTo(5);
  }
}

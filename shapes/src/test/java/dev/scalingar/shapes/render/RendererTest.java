package dev.scalingar.shapes.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.shapes.eval.ShapesEval;
import dev.scalingar.shapes.grammar.PromptParser;
import dev.scalingar.shapes.grammar.PromptSpec;
import dev.scalingar.shapes.prompts.TrainingSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RendererTest {

  @Test
  void sameSpecAndSeedGiveTheSameImage() {
    PromptSpec spec = PromptParser.parse("four triangles");
    assertThat(Renderer.render(spec, 42)).isEqualTo(Renderer.render(spec, 42));
    assertThat(Renderer.render(spec, 42)).isNotEqualTo(Renderer.render(spec, 43));
  }

  @Test
  void drawsExactlyTheNamedObjectsApartInsideTheCanvas() {
    TrainingSampler sampler = new TrainingSampler(11);
    for (int i = 0; i < 1_000; i++) {
      TrainingSampler.Sample sample = sampler.next();
      List<PlacedObject> objects = Renderer.layout(sample.spec(), sample.renderSeed());
      int expected = sample.spec().clauses().stream().mapToInt(c -> c.count()).sum();
      assertThat(objects).hasSize(expected);
      for (PlacedObject o : objects) {
        assertThat(o.side()).isBetween(Renderer.MIN_SIDE, Renderer.MAX_SIDE);
        assertThat(o.x()).isGreaterThanOrEqualTo(Renderer.EDGE);
        assertThat(o.x() + o.side()).isLessThanOrEqualTo(Renderer.SIZE - Renderer.EDGE);
        assertThat(o.y()).isGreaterThanOrEqualTo(Renderer.EDGE);
        assertThat(o.y() + o.side()).isLessThanOrEqualTo(Renderer.SIZE - Renderer.EDGE);
        for (PlacedObject other : objects) {
          if (other != o) {
            assertThat(o.isApartFrom(other, Renderer.GAP)).as(sample.prompt()).isTrue();
          }
        }
      }
    }
  }

  @Test
  void namedColoursAreUsedAndRelationsHoldWithAMargin() {
    PromptSpec.Position spec =
        (PromptSpec.Position) PromptParser.parse("a red circle right of a blue square");
    for (long seed = 0; seed < 200; seed++) {
      List<PlacedObject> objects = Renderer.layout(spec, seed);
      assertThat(objects.get(0).colour().word()).isEqualTo("red");
      assertThat(objects.get(1).colour().word()).isEqualTo("blue");
      assertThat(Renderer.holds(objects.get(0), spec.relation(), objects.get(1))).isTrue();
      assertThat(objects.get(0).centreX() - objects.get(1).centreX())
          .isGreaterThanOrEqualTo(
              (objects.get(0).side() + objects.get(1).side()) / 2.0 + Renderer.GAP);
    }
  }

  @Test
  void pngsAreUpscaledForPeopleAndReadBack(@TempDir Path dir) {
    RgbImage image = Renderer.render(PromptParser.parse("a green square and a yellow triangle"), 5);
    Path file = dir.resolve("out/image.png");
    Png.write(image, 4, file);
    RgbImage read = Png.read(file);
    assertThat(read.width()).isEqualTo(256);
    assertThat(read.downscale(4)).isEqualTo(image);
    assertThat(ShapesEval.judge("a green square and a yellow triangle", read).correct()).isTrue();
  }

  @Test
  void refusesFilesThatAreNotImages(@TempDir Path dir) throws Exception {
    Path text = Files.writeString(dir.resolve("x.png"), "not a png");
    assertThatThrownBy(() -> Png.read(text)).hasMessageContaining("not an image file");
    assertThatThrownBy(() -> Png.read(dir.resolve("missing.png")))
        .hasMessageContaining("no such image file");
  }
}

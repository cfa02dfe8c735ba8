package dev.scalingar.model;

import static dev.scalingar.model.TransformerTest.TINY;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ModelBenchmarkTest {

  @Test
  void theCostFitRecoversAnExactLine() {
    // ms = 2 + 0.5·t + 0.01·t·length
    List<double[]> samples =
        List.of(
            new double[] {1, 10, 2.6},
            new double[] {4, 40, 4.4},
            new double[] {4, 400, 8.0},
            new double[] {16, 160, 11.6},
            new double[] {16, 1600, 26.0});
    double[] fit = ModelBenchmark.leastSquares(samples);
    assertThat(fit[0]).isCloseTo(2, Offset.offset(1e-9));
    assertThat(fit[1]).isCloseTo(0.5, Offset.offset(1e-9));
    assertThat(fit[2]).isCloseTo(0.01, Offset.offset(1e-9));
    assertThat(fit[3]).isCloseTo(1, Offset.offset(1e-9));
  }

  @Test
  void runsOnATinyModelAndReportsEveryFigure() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Transformer transformer = new Transformer(Weights.initialise(TINY, manager, 1), manager);
      TransformerImageModel model =
          new TransformerImageModel(
              transformer,
              manager,
              16,
              prompt -> new int[] {1, 2, 3},
              grid -> new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
      ModelBenchmark.Figures f = ModelBenchmark.run(model, new int[] {2, 16, 64}, 2);
      assertThat(f.steps()).extracting(ModelBenchmark.StepFigures::rows).containsExactly(2, 16);
      // Figures that follow from each other and from the model, whatever the machine's speed:
      long parameters =
          transformer.weights().all().values().stream().mapToLong(w -> w.getShape().size()).sum();
      assertThat(f.model()).isEqualTo(TINY.name());
      assertThat(f.parameters()).isEqualTo(parameters);
      assertThat(f.kvBytesPerRow()).isEqualTo(model.cacheBytesPerRow());
      for (ModelBenchmark.StepFigures s : f.steps()) {
        assertThat(s.rowStepsPerSecond())
            .isCloseTo(
                s.rows() * 1000 / s.msPerStep(), Offset.offset(1e-6 * s.rowStepsPerSecond()));
        assertThat(s.matmulGflops()).isPositive();
        assertThat(s.efficiency()).isCloseTo(s.gflops() / s.matmulGflops(), Offset.offset(1e-12));
      }
      // The cost line is fitted on single calls at 1..8 trajectories (capacity 16 rows) × 4
      // positions.
      assertThat(f.decodeCost().samples())
          .hasSize(4 * 3)
          .allSatisfy(c -> assertThat(c.trajectories()).isIn(1, 4, 8));
      assertThat(f.decodeCost().groups().callOverhead()).isNotNegative();
      assertThat(f.decodeCost().groups().trajectoryCost()).isNotNegative();
      assertThat(f.mixedStep().trajectoriesPerJob()).isEqualTo(2);
      assertThat(f.mixedStep().calls()).isBetween(1, 4);
      assertThat(f.mixedStep().singleCallMs()).isPositive();
      assertThat(f.mixedStep().groupedMs()).isPositive();
      // 16 rows = 8 slots: all 8 trajectories dense in 0..7 against spread, so here they are the
      // same slots; only their order and the timing are checked.
      assertThat(f.scatteredStep().trajectories()).isEqualTo(8);
      assertThat(f.scatteredStep().scatteredSlots()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
      assertThat(f.scatteredStep().denseMs()).isPositive();
      assertThat(f.scatteredStep().scatteredMs()).isPositive();
      // three decoding jobs of 2 and one admitted job of 2 in the 8 slots
      assertThat(f.admittingStep().admitted()).isEqualTo(2);
      assertThat(f.admittingStep().decoding()).isEqualTo(6);
      assertThat(f.admittingStep().apartMs()).isPositive();
      assertThat(f.admittingStep().forwardMs()).isPositive();
      transformer.close();
    }
  }
}

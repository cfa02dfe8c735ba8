package dev.scalingar.model;

import static dev.scalingar.model.TransformerTest.TINY;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.engine.model.ImageModel.Decode;
import dev.scalingar.engine.model.ImageModel.GuidedLogits;
import dev.scalingar.engine.model.ImageModel.Prefill;
import dev.scalingar.engine.model.ImageModel.Rows;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Splitting a step by position changes how much each row reads, never what it computes. */
class TransformerImageModelTest {

  @Test
  void aStepSplitByPositionGivesTheLogitsOfOnePaddedCall() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Transformer transformer = tiny(manager);
      int trajectories = 5;
      // Zero overhead: every distinct position becomes its own call, the most the planner can
      // split.
      TransformerImageModel split =
          image(transformer, manager, 2 * trajectories, new DecodeGroups(0, 0));
      TransformerImageModel padded =
          image(transformer, manager, 2 * trajectories, DecodeGroups.SINGLE_CALL);
      int steps = 0;
      // Trajectory b starts at step 2b, so most steps mix rows of different ages, as after a
      // refill.
      for (Step step : schedule(trajectories, b -> 2 * b, new Random(3))) {
        if (!step.starting().isEmpty()) {
          assertClose(split.prefill(step.starting()), padded.prefill(step.starting()));
        }
        if (!step.decoding().isEmpty()) {
          assertClose(split.step(step.decoding()), padded.step(step.decoding()));
          steps++;
        }
      }
      assertThat(steps).isGreaterThan(TINY.blockSize() - 1);
      transformer.close();
    }
  }

  /**
   * A step that admits trajectories beside decoding ones runs both in one call ({@link
   * TransformerImageModel#forward}): the logits, and every later step's, are those of a prefill
   * call and a decode call apart.
   */
  @Test
  void prefillsInTheDecodeCallGiveTheLogitsOfSeparateCalls() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Transformer transformer = tiny(manager);
      int trajectories = 6;
      // split at every distinct position, so the prefills join the first of several calls
      TransformerImageModel fused =
          image(transformer, manager, 2 * trajectories, new DecodeGroups(0, 0));
      TransformerImageModel apart =
          image(transformer, manager, 2 * trajectories, DecodeGroups.SINGLE_CALL);
      int fusedSteps = 0;
      // pairs start together, two steps apart
      for (Step step : schedule(trajectories, b -> (b / 2) * 2, new Random(5))) {
        List<Prefill> starting = step.starting();
        List<Decode> decoding = step.decoding();
        ImageModel.StepLogits both = fused.forward(starting, decoding);
        if (!starting.isEmpty()) {
          assertClose(both.prefill(), apart.prefill(starting));
        } else {
          assertThat(both.prefill()).isNull();
        }
        if (!decoding.isEmpty()) {
          assertClose(both.decode(), apart.step(decoding));
        } else {
          assertThat(both.decode()).isNull();
        }
        if (!starting.isEmpty() && !decoding.isEmpty()) {
          fusedSteps++;
        }
      }
      assertThat(fusedSteps).as("steps with prefills and decodes together").isEqualTo(2);
      transformer.close();
    }
  }

  /**
   * A call takes its rows in cache order whatever order the step lists them in (so that a dense
   * range is read in place): each listed row still gets its own logits back.
   */
  @Test
  void aStepListedInAnyOrderGivesEachRowItsOwnLogits() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Transformer transformer = tiny(manager);
      int trajectories = 6;
      for (DecodeGroups groups : List.of(DecodeGroups.SINGLE_CALL, new DecodeGroups(0, 0))) {
        TransformerImageModel inOrder = image(transformer, manager, 2 * trajectories, groups);
        TransformerImageModel shuffled = image(transformer, manager, 2 * trajectories, groups);
        Random order = new Random(11);
        int reordered = 0;
        // pairs start together, two steps apart: calls of one position and of several
        for (Step step : schedule(trajectories, b -> (b / 2) * 2, new Random(7))) {
          if (!step.starting().isEmpty()) {
            assertClose(shuffled.prefill(step.starting()), inOrder.prefill(step.starting()));
          }
          if (step.decoding().isEmpty()) {
            continue;
          }
          List<Decode> listed = new ArrayList<>(step.decoding()); // slot order
          List<Decode> decoding = new ArrayList<>(listed);
          Collections.shuffle(decoding, order);
          reordered += decoding.equals(listed) ? 0 : 1;
          GuidedLogits expected = inOrder.step(listed);
          GuidedLogits actual = shuffled.step(decoding);
          for (int i = 0; i < decoding.size(); i++) {
            int own = listed.indexOf(decoding.get(i));
            assertRow(actual.cond()[i], expected.cond()[own]);
            assertRow(actual.uncond()[i], expected.uncond()[own]);
          }
        }
        assertThat(reordered).as("steps listed out of cache order").isGreaterThan(10);
      }
      transformer.close();
    }
  }

  /** One step's trajectories starting (prefilled) and decoding. */
  private record Step(List<Prefill> starting, List<Decode> decoding) {}

  /**
   * Trajectory b (slot b) is prefilled at step {@code start(b)} and then decodes random tokens
   * until its image is whole, every trajectory to the end.
   */
  private static List<Step> schedule(int trajectories, IntUnaryOperator start, Random random) {
    int length = TINY.blockSize() - 1;
    int[] next = new int[trajectories];
    List<Step> steps = new ArrayList<>();
    for (int step = 0; Arrays.stream(next).anyMatch(n -> n < length); step++) {
      List<Prefill> starting = new ArrayList<>();
      List<Decode> decoding = new ArrayList<>();
      for (int b = 0; b < trajectories; b++) {
        Rows rows = new Rows(2 * b, 2 * b + 1);
        if (step == start.applyAsInt(b)) {
          starting.add(new Prefill(rows, "prompt " + b));
        } else if (step > start.applyAsInt(b) && next[b] < length) {
          decoding.add(new Decode(rows, next[b]++, random.nextInt(TINY.vocabSize())));
        }
      }
      steps.add(new Step(starting, decoding));
    }
    return steps;
  }

  /** TINY with an output head of spread-out logits, so that a wrong row would show. */
  private static Transformer tiny(NDManager manager) {
    Weights weights = Weights.initialise(TINY, manager, 1);
    weights
        .get("output.weight")
        .set(manager.randomNormal(0, 0.5f, new Shape(20, 32), DataType.FLOAT32).toFloatArray());
    return new Transformer(weights, manager);
  }

  private static TransformerImageModel image(
      Transformer t, NDManager m, int rows, DecodeGroups groups) {
    return new TransformerImageModel(
        t,
        m,
        rows,
        prompt -> new int[] {1 + prompt.length() % 9, 2, 3},
        grid -> new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB),
        groups);
  }

  private static void assertClose(GuidedLogits actual, GuidedLogits expected) {
    assertThat(actual.cond().length).isEqualTo(expected.cond().length);
    for (int i = 0; i < actual.cond().length; i++) {
      assertRow(actual.cond()[i], expected.cond()[i]);
      assertRow(actual.uncond()[i], expected.uncond()[i]);
    }
  }

  private static void assertRow(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int v = 0; v < actual.length; v++) {
      assertThat(actual[v]).as("logit %d", v).isCloseTo(expected[v], Offset.offset(1e-4f));
    }
  }
}

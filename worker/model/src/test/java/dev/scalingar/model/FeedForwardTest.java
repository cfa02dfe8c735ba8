package dev.scalingar.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class FeedForwardTest {

  /**
   * Regression: a hand-written sigmoid made SwiGLU's gradient NaN for pre-activations below −88.
   */
  @Test
  void gradientsStayFiniteForHugePreActivations() {
    try (NDManager m = NDManager.newBaseManager()) {
      Weights w = Weights.initialise(TransformerTest.TINY, m, 3);
      NDArray w1 = w.get("layers.0.feed_forward.w1.weight");
      w1.muli(5000); // pushes w1·x to about ±100s
      w.all().values().forEach(p -> p.setRequiresGradient(true));
      NDArray x = m.randomNormal(new Shape(2, 3, TransformerTest.TINY.dim())).mul(10);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray out = FeedForward.apply(x, Layer.of(w, 0));
        gc.backward(out.sum());
      }
      for (float v : w.get("layers.0.feed_forward.w1.weight").getGradient().toFloatArray()) {
        assertThat(Float.isFinite(v)).as("finite gradient").isTrue();
      }
      // The pre-activations really were far below −88, where exp(−a) overflows a float.
      NDArray pre = x.matMul(w1.transpose());
      assertThat(pre.min().getFloat()).isLessThan(-100f);
    }
  }
}

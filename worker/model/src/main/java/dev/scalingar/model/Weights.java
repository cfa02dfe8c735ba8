package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The model's tensors by LlamaGen checkpoint name, checked against {@link
 * ModelArgs#tensorShapes()}.
 */
public final class Weights implements AutoCloseable {

  private final ModelArgs args;
  private final Map<String, NDArray> tensors;

  private Weights(ModelArgs args, Map<String, NDArray> tensors) {
    this.args = args;
    this.tensors = Collections.unmodifiableMap(tensors);
  }

  /**
   * Fresh weights as LlamaGen initialises them: normal(0, 0.02) for linear and embedding weights,
   * ones for norms, zeros for the output head (so training starts from uniform logits).
   */
  public static Weights initialise(ModelArgs args, NDManager manager, long seed) {
    Random random = new Random(seed);
    Map<String, NDArray> t = new LinkedHashMap<>();
    for (var e : args.tensorShapes().entrySet()) {
      Shape shape = new Shape(e.getValue());
      NDArray a;
      if (e.getKey().endsWith("norm.weight")) {
        a = manager.ones(shape);
      } else if (e.getKey().equals("output.weight")) {
        a = manager.zeros(shape);
      } else {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (random.nextGaussian() * 0.02);
        }
        a = manager.create(values, shape);
      }
      a.setName(e.getKey());
      t.put(e.getKey(), a);
    }
    return new Weights(args, t);
  }

  /**
   * Wraps loaded tensors, refusing a set that does not match {@code args} name by name, shape by
   * shape.
   */
  public static Weights of(ModelArgs args, Map<String, NDArray> loaded) {
    Map<String, NDArray> t = new LinkedHashMap<>();
    for (var e : args.tensorShapes().entrySet()) {
      NDArray a = loaded.get(e.getKey());
      if (a == null) {
        throw new WeightsFileException(
            "tensor '" + e.getKey() + "' is missing for configuration " + args.name());
      }
      if (!Arrays.equals(a.getShape().getShape(), e.getValue())) {
        throw new WeightsFileException(
            "tensor '"
                + e.getKey()
                + "' has shape "
                + a.getShape()
                + " but configuration "
                + args.name()
                + " needs "
                + new Shape(e.getValue()));
      }
      NDArray f = a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
      f.setName(e.getKey());
      t.put(e.getKey(), f);
    }
    return new Weights(args, t);
  }

  public ModelArgs args() {
    return args;
  }

  public NDArray get(String name) {
    NDArray a = tensors.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no tensor '" + name + "'");
    }
    return a;
  }

  public Map<String, NDArray> all() {
    return tensors;
  }

  @Override
  public void close() {
    tensors.values().forEach(NDArray::close);
  }
}

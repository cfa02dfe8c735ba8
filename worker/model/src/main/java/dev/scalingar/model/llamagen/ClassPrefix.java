package dev.scalingar.model.llamagen;

import ai.djl.ndarray.NDManager;
import dev.scalingar.model.ModelArgs;
import dev.scalingar.model.PrefixEncoder;
import dev.scalingar.model.Transformer;
import dev.scalingar.schemas.prompts.ImageNetClasses;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A LlamaGen c2i prefix: the prompt names a class (for 1000 classes, an ImageNet class by index or
 * name; otherwise an index); its null row is the null class, as generate.py's {@code
 * ones_like(cond) · num_classes}.
 */
public final class ClassPrefix implements PrefixEncoder {

  private final ToIntFunction<String> parser;
  private final int numClasses;

  public ClassPrefix(ToIntFunction<String> parser, int numClasses) {
    this.parser = parser;
    this.numClasses = numClasses;
  }

  /**
   * ImageNet names for a 1000-class model (LlamaGen's released c2i), bare indices for any other.
   */
  public static ClassPrefix forModel(ModelArgs args) {
    return args.numClasses() == ImageNetClasses.COUNT
        ? new ClassPrefix(ImageNetClasses::parse, args.numClasses())
        : new ClassPrefix(ClassPrefix::index, args.numClasses());
  }

  private static int index(String prompt) {
    try {
      return Integer.parseInt(prompt.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + prompt + "' is not a class index");
    }
  }

  int classOf(String prompt) {
    int c = parser.applyAsInt(prompt);
    if (c < 0 || c >= numClasses) {
      throw new IllegalArgumentException(
          "class " + c + " is outside the model's 0.." + (numClasses - 1));
    }
    return c;
  }

  @Override
  public void validate(String prompt) {
    classOf(prompt);
  }

  @Override
  public Prefix encode(Transformer model, List<String> prompts) {
    long[] classes = new long[2 * prompts.size()];
    for (int i = 0; i < prompts.size(); i++) {
      classes[2 * i] = classOf(prompts.get(i));
      classes[2 * i + 1] = model.args().nullClass();
    }
    NDManager m = model.weights().get("norm.weight").getManager();
    return new Prefix(model.embedClasses(m.create(classes)), null);
  }
}

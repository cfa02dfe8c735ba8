package dev.scalingar.model.shapes;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.scalingar.model.DecodeGroups;
import dev.scalingar.model.ModelArgs;
import dev.scalingar.model.ModelArgsJson;
import dev.scalingar.model.Transformer;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.Weights;
import dev.scalingar.model.WeightsFile;
import dev.scalingar.model.WeightsFileException;
import dev.scalingar.shapes.ShapesModelNames;
import dev.scalingar.shapes.grammar.Vocabulary;
import dev.scalingar.shapes.render.RgbImage;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ShapesWorld models: {@code shapes-v1}'s configuration (from the shipped tokenizer and word
 * vocabulary), and loading a weights file into a servable {@link TransformerImageModel}.
 */
public final class ShapesModels {

  /** The shipped shapes-v1 weights on the class path. */
  public static final String SHIPPED_RESOURCE = resource("shapes-v1");

  /**
   * The ShapesWorld models this build knows, oldest first; each ships as {@code NAME.safetensors}.
   */
  public static final List<String> NAMES = ShapesModelNames.ALL;

  /** Metadata key tying weights to the codebook they were trained with. */
  public static final String CODEBOOK_KEY = "codebook_crc32";

  private ShapesModels() {}

  public static ModelArgs shapesV1(ImageTokenizer tokenizer) {
    return ModelArgs.shapesV1(tokenizer.vocabularySize(), Vocabulary.size(), Vocabulary.MAX_WORDS);
  }

  /**
   * A ShapesWorld model of the given width, depth and heads, over the shipped codebook and words.
   */
  public static ModelArgs shapes(
      ImageTokenizer tokenizer, String name, int dim, int nLayer, int nHead) {
    return ModelArgs.shapes(
        name,
        dim,
        nLayer,
        nHead,
        tokenizer.vocabularySize(),
        Vocabulary.size(),
        Vocabulary.MAX_WORDS);
  }

  /** The codebook's identity, stored in weights metadata at training and checked at load. */
  public static String codebookId(ImageTokenizer tokenizer) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(tokenizer.codebook().toBytes());
    return HexFormat.of().toHexDigits((int) crc.getValue());
  }

  /** The class-path resource of a model's shipped weights. */
  public static String resource(String model) {
    return "/dev/scalingar/model/" + model + ".safetensors";
  }

  /** Whether this build ships weights for {@code model}. */
  public static boolean isShipped(String model) {
    return NAMES.contains(model) && ShapesModels.class.getResource(resource(model)) != null;
  }

  /** Loads the shipped {@code shapes-v1} weights. */
  public static TransformerImageModel loadShipped(int rowCapacity, Device device) {
    return loadShipped(rowCapacity, device, DecodeGroups.CPU);
  }

  /** Loads the shipped shapes-v1 weights with the given split of mixed-position decoding steps. */
  public static TransformerImageModel loadShipped(
      int rowCapacity, Device device, DecodeGroups groups) {
    return loadShipped("shapes-v1", rowCapacity, device, groups);
  }

  /** Loads a model's shipped weights; a model this build does not ship is refused by name. */
  public static TransformerImageModel loadShipped(
      String model, int rowCapacity, Device device, DecodeGroups groups) {
    if (!NAMES.contains(model)) {
      throw new WeightsFileException(
          "unknown ShapesWorld model '" + model + "'; known: " + String.join(", ", NAMES));
    }
    String resource = resource(model);
    try (InputStream in = ShapesModels.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new WeightsFileException(
            "this build does not ship the weights of "
                + model
                + " ("
                + resource
                + "); give a weights file (SCALINGAR_MODEL_WEIGHTS, --weights) or serve "
                + shippedNames());
      }
      NDManager manager = NDManager.newBaseManager(device);
      return expect(
          model, build(WeightsFile.read(resource, in, manager), manager, rowCapacity, groups));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped models of this build. */
  public static String shippedNames() {
    return String.join(", ", NAMES.stream().filter(ShapesModels::isShipped).toList());
  }

  /**
   * A model loaded under a name must be that model: serving shapes-v1's weights as shapes-v2 would
   * put wrong names on every trace and calibration.
   */
  public static TransformerImageModel expect(String model, TransformerImageModel loaded) {
    String name = loaded.info().name();
    if (!name.equals(model)) {
      loaded.close();
      throw new WeightsFileException("the weights are " + name + "'s, not " + model + "'s");
    }
    return loaded;
  }

  /** Loads a weights file written by {@code ./scalingar train}. */
  public static TransformerImageModel load(Path file, int rowCapacity, Device device) {
    return load(file, rowCapacity, device, DecodeGroups.CPU);
  }

  /** Loads a weights file with the given split of mixed-position decoding steps. */
  public static TransformerImageModel load(
      Path file, int rowCapacity, Device device, DecodeGroups groups) {
    NDManager manager = NDManager.newBaseManager(device);
    return build(WeightsFile.read(file, manager), manager, rowCapacity, groups);
  }

  private static TransformerImageModel build(
      WeightsFile.Contents contents, NDManager manager, int rowCapacity, DecodeGroups groups) {
    ImageTokenizer tokenizer = ImageTokenizer.shipped();
    Map<String, String> meta = contents.metadata();
    ModelArgs args =
        Optional.ofNullable(meta.get("model_args"))
            .map(ModelArgsJson::read)
            .orElseGet(() -> shapesV1(tokenizer));
    String trainedWith = meta.get(CODEBOOK_KEY);
    if (trainedWith != null && !trainedWith.equals(codebookId(tokenizer))) {
      throw new WeightsFileException(
          "the weights were trained with codebook "
              + trainedWith
              + " but the shipped codebook is "
              + codebookId(tokenizer)
              + "; retrain or ship the matching codebook");
    }
    if (args.vocabSize() != tokenizer.vocabularySize()) {
      throw new WeightsFileException(
          "the weights predict "
              + args.vocabSize()
              + " image tokens, the codebook has "
              + tokenizer.vocabularySize());
    }
    Weights weights = Weights.of(args, contents.tensors());
    return new TransformerImageModel(
        new Transformer(weights, manager),
        manager,
        rowCapacity,
        Vocabulary::encode,
        grid -> toBufferedImage(tokenizer.decode(grid)),
        groups,
        meta.getOrDefault("sha256", ""));
  }

  public static BufferedImage toBufferedImage(RgbImage image) {
    BufferedImage out =
        new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, image.width(), image.height(), image.pixels(), 0, image.width());
    return out;
  }
}

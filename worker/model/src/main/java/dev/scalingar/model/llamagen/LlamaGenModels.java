package dev.scalingar.model.llamagen;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.scalingar.model.Conditioning;
import dev.scalingar.model.DecodeGroups;
import dev.scalingar.model.ModelArgs;
import dev.scalingar.model.ModelArgsJson;
import dev.scalingar.model.PrefixEncoder;
import dev.scalingar.model.Transformer;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a converted LlamaGen model ({@code ./scalingar convert llamagen} output: {@value
 * LlamaGenConverter#GPT_FILE} and {@value LlamaGenConverter#VQ_FILE} in one directory) into a
 * servable {@link TransformerImageModel}: the GPT with its conditioning, the VQ decoder for {@code
 * decode(grid)}, LlamaGen's sampling defaults (cfg scale, top-k) in its {@code ModelInfo}. Both
 * files' SHA-256 are verified before anything is built.
 */
public final class LlamaGenModels {

  /** SCALINGAR_MODEL names of LlamaGen models start with this, e.g. {@code llamagen-c2i-b}. */
  public static final String MODEL_PREFIX = "llamagen-";

  /**
   * What to serve a converted model with.
   *
   * @param name the name the fleet serves it under (ModelInfo.name; empty = the configuration's)
   * @param textEncoder the caption encoder a t2i model needs (empty for c2i)
   * @param cfgInterval LlamaGen's cfg_interval (−1 = guidance at every step)
   */
  public record Options(String name, Optional<TextEncoder> textEncoder, int cfgInterval) {
    public static Options defaults() {
      return new Options("", Optional.empty(), -1);
    }

    public Options withName(String n) {
      return new Options(n, textEncoder, cfgInterval);
    }

    public Options withTextEncoder(TextEncoder encoder) {
      return new Options(name, Optional.of(encoder), cfgInterval);
    }

    public Options withCfgInterval(int interval) {
      return new Options(name, textEncoder, interval);
    }
  }

  private LlamaGenModels() {}

  /** A c2i model with LlamaGen's defaults (a t2i model needs {@link Options#withTextEncoder}). */
  public static TransformerImageModel load(
      Path dir, int rowCapacity, Device device, DecodeGroups groups) {
    return load(dir, rowCapacity, device, groups, Options.defaults());
  }

  public static TransformerImageModel load(
      Path dir, int rowCapacity, Device device, DecodeGroups groups, Options options) {
    try (SafetensorsFile gpt = open(dir, LlamaGenConverter.GPT_FILE, LlamaGenConverter.KIND_GPT);
        SafetensorsFile vq = open(dir, LlamaGenConverter.VQ_FILE, LlamaGenConverter.KIND_VQ)) {
      ModelArgs args = ModelArgsJson.read(gpt.metadata().get("model_args"));
      if (!options.name().isEmpty()) {
        args = args.withName(options.name());
      }
      VqArgs vqArgs =
          VqArgs.fromJson(vq.metadata().get("vq_args"), vq.metadata().getOrDefault("name", "vq"));
      PrefixEncoder prefix = prefixEncoder(args, options);
      if (vqArgs.codebookSize() != args.vocabSize()) {
        throw new CheckpointException(
            "the GPT predicts "
                + args.vocabSize()
                + " codes, the VQ codebook has "
                + vqArgs.codebookSize());
      }
      gpt.verifySha256();
      vq.verifySha256();
      NDManager manager = NDManager.newBaseManager(device);
      Weights weights = Weights.of(args, arrays(gpt, manager));
      VqDecoder decoder = new VqDecoder(vqArgs, arrays(vq, manager));
      ModelType type = ModelType.of(args.conditioning());
      int grid = args.gridSize();
      return new TransformerImageModel(
          new Transformer(weights, manager),
          manager,
          rowCapacity,
          prefix,
          codes -> decoder.decodeToImage(codes, grid, grid),
          groups,
          gpt.metadata().getOrDefault("sha256", ""),
          new TransformerImageModel.Serving(type.sampling().topK(), options.cfgInterval()));
    }
  }

  /** The sampling LlamaGen's samplers use for a model of this type, with {@code cfgInterval}. */
  public static SamplingDefaults samplingDefaults(ModelArgs args, int cfgInterval) {
    return ModelType.of(args.conditioning()).sampling().withCfgInterval(cfgInterval);
  }

  private static PrefixEncoder prefixEncoder(ModelArgs args, Options options) {
    if (args.conditioning() == Conditioning.CLASS) {
      return ClassPrefix.forModel(args);
    }
    if (args.conditioning() != Conditioning.CAPTION) {
      throw new CheckpointException(
          args.name() + " is not a LlamaGen model (conditioning " + args.conditioning() + ")");
    }
    TextEncoder encoder =
        options
            .textEncoder()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        args.name()
                            + " is a LlamaGen t2i model and no text encoder is configured: it needs the captions' FLAN-T5-XL embeddings"
                            + " (caption_dim "
                            + args.captionDim()
                            + "); serve a c2i model, or give the worker a TextEncoder"));
    if (encoder.dim() != args.captionDim()) {
      throw new IllegalStateException(
          "the text encoder gives "
              + encoder.dim()
              + "-wide embeddings, "
              + args.name()
              + " needs caption_dim "
              + args.captionDim());
    }
    return new CaptionPrefix(encoder);
  }

  private static SafetensorsFile open(Path dir, String file, String kind) {
    Path path = dir.resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new CheckpointException(
          "no "
              + file
              + " in "
              + dir
              + " (convert a checkpoint with ./scalingar convert llamagen)");
    }
    SafetensorsFile f = SafetensorsFile.open(path);
    if (!kind.equals(f.metadata().get("kind"))) {
      f.close();
      throw new CheckpointException(
          path + " is not a converted " + kind + " file (kind " + f.metadata().get("kind") + ")");
    }
    return f;
  }

  private static Map<String, NDArray> arrays(SafetensorsFile f, NDManager manager) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (String name : f.entries().keySet()) {
      out.put(name, f.array(name, manager));
    }
    return out;
  }
}

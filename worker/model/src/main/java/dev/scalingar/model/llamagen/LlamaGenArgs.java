package dev.scalingar.model.llamagen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingar.model.ModelArgs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * LlamaGen GPT configurations as {@link ModelArgs}: the named ones (gpt.py {@code GPT_B/L/XL} with
 * the kwargs its c2i / t2i checkpoints were built with) and any other from the JSON of LlamaGen's
 * {@code ModelArgs} dataclass (the form the fixtures' {@code model_args} metadata uses), both ways.
 */
public final class LlamaGenArgs {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LlamaGenArgs() {}

  /**
   * A named size as LlamaGen's released checkpoints use it. c2i: 16384 codes, block_size 256 (16×16
   * tokens, 256 px with VQ-16), 1000 classes, cls_token_num 1. t2i: block_size 1024 (32×32, 512
   * px), cls_token_num 120 caption tokens of FLAN-T5-XL's width 2048.
   */
  public static ModelArgs named(String size, ModelType type) {
    int[] s = ModelArgs.llamaGenSize(size);
    ObjectNode a = JSON.createObjectNode();
    a.put("dim", s[0])
        .put("n_layer", s[1])
        .put("n_head", s[2])
        .put("model_type", type.llamaGenName());
    if (type == ModelType.C2I) {
      a.put("block_size", 256).put("num_classes", 1000).put("cls_token_num", 1);
    } else {
      a.put("block_size", 1024).put("cls_token_num", 120).put("caption_dim", 2048);
    }
    return fromJson(a, size + "/" + type.llamaGenName());
  }

  /**
   * {@code --config}: a named size (GPT-B, GPT-L, GPT-XL) or a JSON file of LlamaGen ModelArgs
   * fields. A file's {@code model_type} must agree with {@code type} when it has one.
   */
  public static ModelArgs resolve(String config, ModelType type) {
    if (ModelArgs.LLAMAGEN.contains(config)) {
      return named(config, type);
    }
    Path file = Path.of(config);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "--config '"
              + config
              + "' is neither one of "
              + ModelArgs.LLAMAGEN
              + " nor a JSON file of LlamaGen ModelArgs");
    }
    try {
      JsonNode json = JSON.readTree(file.toFile());
      if (json.has("model_type") && ModelType.parse(json.get("model_type").asText()) != type) {
        throw new IllegalArgumentException(
            file.getFileName()
                + " is a "
                + json.get("model_type").asText()
                + " configuration, not "
                + type.llamaGenName());
      }
      ((ObjectNode) json).put("model_type", type.llamaGenName());
      return fromJson(json, stem(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read --config " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  public static ModelArgs fromJson(String json, String name) {
    try {
      return fromJson(JSON.readTree(json), name);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable LlamaGen model_args: " + e.getMessage(), e);
    }
  }

  /** LlamaGen's dataclass defaults for every field the JSON leaves out (gpt.py ModelArgs). */
  public static ModelArgs fromJson(JsonNode j, String name) {
    if (!j.isObject()) {
      throw new IllegalArgumentException("LlamaGen model_args must be a JSON object");
    }
    int dim = j.path("dim").asInt(4096);
    int nHead = j.path("n_head").asInt(32);
    if (!j.path("n_kv_head").isMissingNode()
        && !j.path("n_kv_head").isNull()
        && j.path("n_kv_head").asInt() != nHead) {
      throw new IllegalArgumentException(
          name
              + ": n_kv_head "
              + j.path("n_kv_head").asInt()
              + " (grouped KV heads) is not supported; LlamaGen's released models use n_kv_head = n_head");
    }
    if (!j.path("ffn_dim_multiplier").isMissingNode() && !j.path("ffn_dim_multiplier").isNull()) {
      throw new IllegalArgumentException(
          name + ": ffn_dim_multiplier is not supported; LlamaGen's released models leave it null");
    }
    int blockSize = j.path("block_size").asInt(256);
    int grid = (int) Math.round(Math.sqrt(blockSize));
    if (grid * grid != blockSize) {
      throw new IllegalArgumentException(
          name + ": block_size " + blockSize + " is not a square (LlamaGen asserts it)");
    }
    ModelType type = ModelType.parse(j.path("model_type").asText("c2i"));
    double cfg = type.sampling().cfgScale();
    return new ModelArgs(
        name,
        dim,
        j.path("n_layer").asInt(32),
        nHead,
        j.path("vocab_size").asInt(16384),
        grid,
        j.path("cls_token_num").asInt(1),
        0,
        j.path("multiple_of").asInt(256),
        j.path("norm_eps").asDouble(1e-5),
        j.path("rope_base").asDouble(10000),
        j.path("class_dropout_prob").asDouble(0.1),
        cfg,
        type.conditioning(),
        type == ModelType.C2I ? j.path("num_classes").asInt(1000) : 0,
        type == ModelType.T2I ? j.path("caption_dim").asInt(2048) : 0);
  }

  /** LlamaGen's ModelArgs fields for a configuration, as JSON (written into converted files). */
  public static String toJson(ModelArgs a) {
    ModelType type = ModelType.of(a.conditioning());
    ObjectNode j = JSON.createObjectNode();
    j.put("dim", a.dim()).put("n_layer", a.nLayer()).put("n_head", a.nHead()).putNull("n_kv_head");
    j.put("multiple_of", a.multipleOf()).putNull("ffn_dim_multiplier");
    j.put("rope_base", a.ropeBase()).put("norm_eps", a.normEps());
    j.put("class_dropout_prob", a.classDropoutProb()).put("model_type", type.llamaGenName());
    if (type == ModelType.C2I) {
      j.put("num_classes", a.numClasses());
    } else {
      j.put("caption_dim", a.captionDim());
    }
    j.put("vocab_size", a.vocabSize())
        .put("cls_token_num", a.clsTokenNum())
        .put("block_size", a.blockSize());
    return j.toString();
  }

  private static String stem(Path file) {
    String n = file.getFileName().toString();
    return n.endsWith(".json") ? n.substring(0, n.length() - 5) : n;
  }
}

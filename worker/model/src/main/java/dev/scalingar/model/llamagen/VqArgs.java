package dev.scalingar.model.llamagen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LlamaGen's VQ tokenizer configuration (tokenizer/tokenizer_image/vq_model.py ModelArgs), with the
 * settings its code fixes: ch = 128, num_res_blocks = 2, GroupNorm(32, eps 1e-6). Names every
 * tensor of the full state_dict and of the decoder side that is served.
 *
 * @param codebookSize codes (VQ-16: 16384)
 * @param codebookEmbedDim width of a code (VQ-16: 8)
 * @param codebookL2Norm look-ups are L2-normalised (VQ-16: true)
 * @param zChannels latent channels between post_quant_conv and the decoder (256)
 * @param encoderChMult channel multipliers of the encoder levels (only to name the full state_dict)
 * @param decoderChMult channel multipliers of the decoder levels, lowest resolution last
 */
public record VqArgs(
    String name,
    int codebookSize,
    int codebookEmbedDim,
    boolean codebookL2Norm,
    int zChannels,
    List<Integer> encoderChMult,
    List<Integer> decoderChMult) {

  public static final int CH = 128;
  public static final int NUM_RES_BLOCKS = 2;

  /** vq_train.py's usage statistics buffer: [65536], training only. */
  public static final int CODEBOOK_USED = 65536;

  private static final ObjectMapper JSON = new ObjectMapper();

  public VqArgs {
    encoderChMult = List.copyOf(encoderChMult);
    decoderChMult = List.copyOf(decoderChMult);
    if (codebookSize < 1 || codebookEmbedDim < 1 || zChannels < 1 || decoderChMult.isEmpty()) {
      throw new IllegalArgumentException(name + ": invalid VQ configuration");
    }
    for (int m : decoderChMult) {
      if ((CH * m) % 32 != 0) {
        throw new IllegalArgumentException(
            name + ": channels " + CH * m + " are not divisible by GroupNorm's 32 groups");
      }
    }
  }

  /** VQ-16 (vq_model.py VQ_16): 16384 codes of width 8, ch_mult [1,1,2,2,4], 16× downsampling. */
  public static VqArgs vq16() {
    return new VqArgs("VQ-16", 16384, 8, true, 256, List.of(1, 1, 2, 2, 4), List.of(1, 1, 2, 2, 4));
  }

  /** {@code --vq-config}: VQ-16, or a JSON file of vq_model.py ModelArgs fields. */
  public static VqArgs resolve(String config) {
    if (config.equals("VQ-16")) {
      return vq16();
    }
    Path file = Path.of(config);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "--vq-config '" + config + "' is neither VQ-16 nor a JSON file of VQ ModelArgs");
    }
    try {
      return fromJson(
          Files.readString(file), file.getFileName().toString().replaceFirst("\\.json$", ""));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read --vq-config " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** vq_model.py's dataclass defaults for every field the JSON leaves out. */
  public static VqArgs fromJson(String json, String name) {
    try {
      JsonNode j = JSON.readTree(json);
      return new VqArgs(
          name,
          j.path("codebook_size").asInt(16384),
          j.path("codebook_embed_dim").asInt(8),
          j.path("codebook_l2_norm").asBoolean(true),
          j.path("z_channels").asInt(256),
          ints(j.path("encoder_ch_mult")),
          ints(j.path("decoder_ch_mult")));
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable VQ model_args: " + e.getMessage(), e);
    }
  }

  private static List<Integer> ints(JsonNode array) {
    if (array.isMissingNode() || array.isNull()) {
      return List.of(1, 1, 2, 2, 4);
    }
    List<Integer> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }

  public String toJson() {
    ObjectNode j = JSON.createObjectNode();
    j.put("codebook_size", codebookSize)
        .put("codebook_embed_dim", codebookEmbedDim)
        .put("codebook_l2_norm", codebookL2Norm)
        .put("z_channels", zChannels);
    encoderChMult.forEach(j.putArray("encoder_ch_mult")::add);
    decoderChMult.forEach(j.putArray("decoder_ch_mult")::add);
    return j.toString();
  }

  /** Times the decoder upsamples: a grid of h×w codes decodes to (h·f)×(w·f) pixels. */
  public int upsampleFactor() {
    return 1 << (decoderChMult.size() - 1);
  }

  /** Channels at the decoder's input level (ch · last multiplier). */
  int decoderInChannels() {
    return CH * decoderChMult.get(decoderChMult.size() - 1);
  }

  /** What is served: the codebook, post_quant_conv and the decoder. */
  public Map<String, long[]> decoderShapes() {
    Map<String, long[]> s = new LinkedHashMap<>();
    s.put("quantize.embedding.weight", new long[] {codebookSize, codebookEmbedDim});
    conv(s, "post_quant_conv", zChannels, codebookEmbedDim, 1);
    int levels = decoderChMult.size();
    int blockIn = decoderInChannels();
    conv(s, "decoder.conv_in", blockIn, zChannels, 3);
    resnet(s, "decoder.mid.0", blockIn, blockIn);
    attn(s, "decoder.mid.1", blockIn);
    resnet(s, "decoder.mid.2", blockIn, blockIn);
    for (int k = 0; k < levels; k++) {
      int level = levels - 1 - k;
      int blockOut = CH * decoderChMult.get(level);
      String p = "decoder.conv_blocks." + k + ".";
      for (int r = 0; r < NUM_RES_BLOCKS + 1; r++) {
        resnet(s, p + "res." + r, blockIn, blockOut);
        blockIn = blockOut;
        if (level == levels - 1) {
          attn(s, p + "attn." + r, blockIn);
        }
      }
      if (level != 0) {
        conv(s, p + "upsample.conv", blockIn, blockIn, 3);
      }
    }
    norm(s, "decoder.norm_out", blockIn);
    conv(s, "decoder.conv_out", 3, blockIn, 3);
    return s;
  }

  /** The whole state_dict of VQModel: the encoder, quant_conv and codebook_used as well. */
  public Map<String, long[]> stateDictShapes() {
    Map<String, long[]> s = new LinkedHashMap<>();
    int levels = encoderChMult.size();
    conv(s, "encoder.conv_in", CH, 3, 3);
    int blockIn = CH;
    for (int level = 0; level < levels; level++) {
      int blockOut = CH * encoderChMult.get(level);
      blockIn = CH * (level == 0 ? 1 : encoderChMult.get(level - 1));
      String p = "encoder.conv_blocks." + level + ".";
      for (int r = 0; r < NUM_RES_BLOCKS; r++) {
        resnet(s, p + "res." + r, blockIn, blockOut);
        blockIn = blockOut;
        if (level == levels - 1) {
          attn(s, p + "attn." + r, blockIn);
        }
      }
      if (level != levels - 1) {
        conv(s, p + "downsample.conv", blockIn, blockIn, 3);
      }
    }
    resnet(s, "encoder.mid.0", blockIn, blockIn);
    attn(s, "encoder.mid.1", blockIn);
    resnet(s, "encoder.mid.2", blockIn, blockIn);
    norm(s, "encoder.norm_out", blockIn);
    conv(s, "encoder.conv_out", zChannels, blockIn, 3);
    Map<String, long[]> decoder = decoderShapes();
    decoder.forEach(
        (k, v) -> {
          if (k.startsWith("decoder.")) {
            s.put(k, v);
          }
        });
    s.put("quantize.codebook_used", new long[] {CODEBOOK_USED});
    s.put("quantize.embedding.weight", decoder.get("quantize.embedding.weight"));
    conv(s, "quant_conv", codebookEmbedDim, zChannels, 1);
    conv(s, "post_quant_conv", zChannels, codebookEmbedDim, 1);
    return s;
  }

  private static void conv(Map<String, long[]> s, String p, int out, int in, int k) {
    s.put(p + ".weight", new long[] {out, in, k, k});
    s.put(p + ".bias", new long[] {out});
  }

  private static void norm(Map<String, long[]> s, String p, int c) {
    s.put(p + ".weight", new long[] {c});
    s.put(p + ".bias", new long[] {c});
  }

  private static void resnet(Map<String, long[]> s, String p, int in, int out) {
    norm(s, p + ".norm1", in);
    conv(s, p + ".conv1", out, in, 3);
    norm(s, p + ".norm2", out);
    conv(s, p + ".conv2", out, out, 3);
    if (in != out) {
      conv(s, p + ".nin_shortcut", out, in, 1);
    }
  }

  private static void attn(Map<String, long[]> s, String p, int c) {
    norm(s, p + ".norm", c);
    conv(s, p + ".q", c, c, 1);
    conv(s, p + ".k", c, c, 1);
    conv(s, p + ".v", c, c, 1);
    conv(s, p + ".proj_out", c, c, 1);
  }
}

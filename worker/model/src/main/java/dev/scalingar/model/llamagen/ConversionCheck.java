package dev.scalingar.model.llamagen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingar.model.Conditioning;
import dev.scalingar.model.ModelArgs;
import dev.scalingar.model.ModelArgsJson;
import dev.scalingar.model.ReferenceDecoding;
import dev.scalingar.model.Transformer;
import dev.scalingar.model.Weights;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./scalingar convert llamagen verify}: runs a converted model on the inputs of a reference
 * io file (the fixtures' format, made by LlamaGen's own code) and compares. A GPT io file ({@code
 * logits_full}, ...) checks gpt.safetensors: the full pass, the KV-cache path, the CFG logits and
 * the greedy CFG tokens; a VQ io file ({@code indices}, {@code image}) checks vq.safetensors'
 * decoded image.
 *
 * @param logitsFullMaxAbsDiff null for a VQ io file (likewise the next three)
 * @param imageMaxAbsDiff null for a GPT io file
 */
public record ConversionCheck(
    Float logitsFullMaxAbsDiff,
    Float logitsIncrementalMaxAbsDiff,
    Float cfgLogitsMaxAbsDiff,
    Boolean greedyTokensEqual,
    Float imageMaxAbsDiff,
    boolean ok) {

  /** The fixtures' suggested tolerance for logits, CFG logits and the image. */
  public static final float ATOL = 1e-4f;

  public static ConversionCheck run(Path weightsDir, Path ioFile) {
    try (NDManager manager = NDManager.newBaseManager();
        SafetensorsFile io = SafetensorsFile.open(ioFile)) {
      Map<String, NDArray> in = new LinkedHashMap<>();
      io.entries().keySet().forEach(n -> in.put(n, io.array(n, manager)));
      if (in.containsKey("logits_full")) {
        return gpt(weightsDir.resolve(LlamaGenConverter.GPT_FILE), in, io.metadata(), manager);
      }
      if (in.containsKey("indices") && in.containsKey("image")) {
        return vq(weightsDir.resolve(LlamaGenConverter.VQ_FILE), in, manager);
      }
      throw new CheckpointException(
          ioFile.getFileName()
              + " is neither a GPT io file (logits_full) nor a VQ one (indices, image)");
    }
  }

  public String toJson() {
    ObjectNode j = new ObjectMapper().createObjectNode();
    j.put("logits_full_max_abs_diff", logitsFullMaxAbsDiff);
    j.put("logits_incremental_max_abs_diff", logitsIncrementalMaxAbsDiff);
    j.put("cfg_logits_max_abs_diff", cfgLogitsMaxAbsDiff);
    j.put("greedy_tokens_equal", greedyTokensEqual);
    j.put("image_max_abs_diff", imageMaxAbsDiff);
    j.put("ok", ok);
    return j.toString();
  }

  private static ConversionCheck gpt(
      Path file, Map<String, NDArray> in, Map<String, String> meta, NDManager manager) {
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    ModelArgs args;
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      f.verifySha256();
      args = ModelArgsJson.read(f.metadata().get("model_args"));
      f.entries().keySet().forEach(n -> tensors.put(n, f.array(n, manager)));
    }
    Transformer model = new Transformer(Weights.of(args, tensors), manager);
    boolean t2i = args.conditioning() == Conditioning.CAPTION;
    NDArray valid = t2i ? in.get("emb_mask").toType(DataType.FLOAT32, false) : null;
    NDArray prefix =
        t2i ? model.embedCaptions(in.get("caption_embs")) : model.embedClasses(in.get("cond_idx"));
    long[][] tokens = rows(in.get("tokens"));
    int n = tokens[0].length;

    float full =
        maxAbsDiff(
            model.forwardSequence(prefix, in.get("tokens"), valid).logits(), in.get("logits_full"));
    float incremental =
        maxAbsDiff(
            ReferenceDecoding.teacherForced(model, prefix, valid, tokens, n),
            in.get("logits_incremental"));

    double scale = Double.parseDouble(meta.getOrDefault("cfg_scale", "4.0"));
    NDArray cfgValid =
        valid == null ? null : valid.concat(valid, 0); // the null half reuses the cond rows' masks
    NDArray cfgPrefix =
        t2i
            ? model.embedCaptions(in.get("cfg_caption_embs"))
            : model.embedClasses(in.get("cfg_cond_idx"));
    long[][] doubled = new long[2 * tokens.length][];
    for (int r = 0; r < tokens.length; r++) {
      doubled[r] = doubled[tokens.length + r] = tokens[r];
    }
    float[][][] halves = ReferenceDecoding.teacherForced(model, cfgPrefix, cfgValid, doubled, n);
    float[][][] cfg = new float[tokens.length][n][];
    for (int r = 0; r < tokens.length; r++) {
      for (int k = 0; k < n; k++) {
        cfg[r][k] = ReferenceDecoding.combine(halves[r][k], halves[tokens.length + r][k], scale);
      }
    }
    float cfgDiff = maxAbsDiff(cfg, in.get("logits_cfg"));
    long[][] greedy = ReferenceDecoding.greedyCfg(model, cfgPrefix, cfgValid, n, scale);
    boolean same = Arrays.deepEquals(greedy, rows(in.get("greedy_cfg_tokens")));
    boolean ok = full <= ATOL && incremental <= ATOL && cfgDiff <= ATOL && same;
    return new ConversionCheck(full, incremental, cfgDiff, same, null, ok);
  }

  private static ConversionCheck vq(Path file, Map<String, NDArray> in, NDManager manager) {
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    VqArgs args;
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      f.verifySha256();
      args = VqArgs.fromJson(f.metadata().get("vq_args"), f.metadata().getOrDefault("name", "vq"));
      f.entries().keySet().forEach(n -> tensors.put(n, f.array(n, manager)));
    }
    float image =
        maxAbsDiff(new VqDecoder(args, tensors).decode(in.get("indices")), in.get("image"));
    return new ConversionCheck(null, null, null, null, image, image <= ATOL);
  }

  private static long[][] rows(NDArray a) {
    int r = Math.toIntExact(a.getShape().get(0));
    long[][] out = new long[r][];
    for (int i = 0; i < r; i++) {
      out[i] = a.get(i).toLongArray();
    }
    return out;
  }

  private static float maxAbsDiff(float[][][] actual, NDArray expected) {
    float[] e = expected.toFloatArray();
    int at = 0;
    float worst = 0;
    for (float[][] row : actual) {
      for (float[] step : row) {
        for (float v : step) {
          worst = Math.max(worst, Math.abs(v - e[at++]));
        }
      }
    }
    if (at != e.length) {
      throw new CheckpointException(
          "the reference has " + e.length + " values, the model gave " + at);
    }
    return worst;
  }

  private static float maxAbsDiff(NDArray actual, NDArray expected) {
    if (!actual.getShape().equals(expected.getShape())) {
      throw new CheckpointException(
          "the model gives " + actual.getShape() + ", the reference holds " + expected.getShape());
    }
    return actual.sub(expected).abs().max().getFloat();
  }
}

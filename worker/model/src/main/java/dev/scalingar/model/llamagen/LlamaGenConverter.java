package dev.scalingar.model.llamagen;

import dev.scalingar.model.ModelArgs;
import dev.scalingar.model.ModelArgsJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code ./scalingar convert llamagen}: LlamaGen training checkpoints ({@code torch.save} zips) to
 * the safetensors files a LlamaGen worker loads, {@value #GPT_FILE} and {@value #VQ_FILE} in one
 * directory, each with a {@code .sha256} sidecar in {@code sha256sum -c} form. Everything is
 * checked before anything is written, and a file appears only once complete.
 */
public final class LlamaGenConverter {

  public static final String GPT_FILE = "gpt.safetensors";
  public static final String VQ_FILE = "vq.safetensors";
  public static final String KIND_GPT = "llamagen-gpt";
  public static final String KIND_VQ = "llamagen-vq";

  /** One converted file: where, the SHA-256 of its data section, how many tensors and values. */
  public record Result(Path file, String sha256, int tensors, long elements) {}

  // Not weights: generate.py's caches (present once setup_caches ran, quirk Q8/Q12).
  private static final Predicate<String> GPT_DROPPABLE =
      n ->
          n.equals("freqs_cis")
              || n.equals("causal_mask")
              || n.endsWith(".kv_cache.k_cache")
              || n.endsWith(".kv_cache.v_cache");
  // Not needed to decode: the encoder side and the training-only usage statistics (quirk Q13).
  private static final Predicate<String> VQ_DROPPABLE =
      n ->
          n.startsWith("encoder.")
              || n.startsWith("quant_conv.")
              || n.equals("quantize.codebook_used");

  private LlamaGenConverter() {}

  /** Converts a GPT checkpoint's {@code model} (or {@code ema}) weights for {@code args}. */
  public static Result convertGpt(Path checkpoint, boolean ema, ModelArgs args, Path outDir) {
    String source = String.valueOf(checkpoint.getFileName());
    try (TorchCheckpoint ck = TorchCheckpoint.open(checkpoint)) {
      Map<String, TensorRef> tensors =
          StateDict.select(
              StateDict.pick(ck.root(), ema, source),
              args.tensorShapes(),
              GPT_DROPPABLE,
              args.name(),
              source);
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("kind", KIND_GPT);
      meta.put("model_args", ModelArgsJson.write(args));
      meta.put("llamagen_model_args", LlamaGenArgs.toJson(args));
      meta.put("source", source);
      meta.put("source_entry", ema ? "ema" : "model");
      return write(ck, tensors, meta, outDir.resolve(GPT_FILE));
    }
  }

  /**
   * Converts a VQ checkpoint's decoder side (codebook, post_quant_conv, decoder) for {@code args}.
   */
  public static Result convertVq(Path checkpoint, VqArgs args, Path outDir) {
    String source = String.valueOf(checkpoint.getFileName());
    try (TorchCheckpoint ck = TorchCheckpoint.open(checkpoint)) {
      Map<String, TensorRef> tensors =
          StateDict.select(
              StateDict.pick(ck.root(), false, source),
              args.decoderShapes(),
              VQ_DROPPABLE,
              args.name(),
              source);
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("kind", KIND_VQ);
      meta.put("vq_args", args.toJson());
      meta.put("name", args.name());
      meta.put("source", source);
      return write(ck, tensors, meta, outDir.resolve(VQ_FILE));
    }
  }

  private static Result write(
      TorchCheckpoint ck, Map<String, TensorRef> tensors, Map<String, String> meta, Path file) {
    List<SafetensorsWriter.Tensor> list = new ArrayList<>();
    long elements = 0;
    for (var e : tensors.entrySet()) {
      list.add(
          new SafetensorsWriter.Tensor(
              e.getKey(), e.getValue().shape(), () -> ck.readFloats(e.getKey(), e.getValue())));
      elements += e.getValue().numel();
    }
    Path dir = file.toAbsolutePath().getParent();
    boolean created = !Files.isDirectory(dir);
    try {
      Files.createDirectories(dir);
      String sha = SafetensorsWriter.write(file, list, meta);
      Path sidecar = file.resolveSibling(file.getFileName() + ".sha256");
      Files.writeString(
          sidecar,
          SafetensorsWriter.fileSha256(file) + "  " + file.getFileName() + "\n",
          StandardCharsets.US_ASCII);
      return new Result(file, sha, list.size(), elements);
    } catch (IOException e) {
      deleteEmpty(dir, created);
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteEmpty(dir, created);
      throw e;
    }
  }

  private static void deleteEmpty(Path dir, boolean created) {
    try {
      if (created) {
        Files.deleteIfExists(dir);
      }
    } catch (IOException ignored) {
      // not empty (another file was written before): leave it
    }
  }
}

package dev.scalingar.model.llamagen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LlamaGen's VQ decoder (tokenizer/tokenizer_image/vq_model.py, {@code VQModel.decode_code}) on
 * DJL: the L2-normalised codebook look-up, {@code post_quant_conv}, {@code conv_in}, the middle
 * (ResnetBlock, single-head AttnBlock, ResnetBlock), the up levels (ResnetBlocks, AttnBlocks at the
 * lowest resolution only, nearest ×2 then a 3×3 conv between levels), GroupNorm(32, eps 1e-6),
 * swish and {@code conv_out}. A h×w grid of codes becomes an image of h·f × w·f pixels (VQ-16: f =
 * 16, so 16×16 → 256 px, 24×24 → 384, 32×32 → 512).
 */
public final class VqDecoder implements AutoCloseable {

  private static final int GROUPS = 32;
  private static final float GROUP_NORM_EPS = 1e-6f;

  private final VqArgs args;
  private final Map<String, NDArray> w;
  private final NDArray codebook; // [codebook_size, embed_dim], L2-normalised once

  /** What {@code decode} computes on the way (the fixtures' intermediates). */
  public record Trace(
      NDArray quant,
      NDArray postQuant,
      NDArray convIn,
      NDArray mid,
      List<NDArray> upsampled,
      NDArray normOut,
      NDArray image) {}

  /**
   * @param weights the decoder side by checkpoint name, checked against {@link
   *     VqArgs#decoderShapes()}
   */
  public VqDecoder(VqArgs args, Map<String, NDArray> weights) {
    this.args = args;
    Map<String, NDArray> checked = new LinkedHashMap<>();
    for (var e : args.decoderShapes().entrySet()) {
      NDArray a = weights.get(e.getKey());
      if (a == null) {
        throw new CheckpointException(
            "VQ weights lack tensor '" + e.getKey() + "' (configuration " + args.name() + ")");
      }
      if (!Arrays.equals(a.getShape().getShape(), e.getValue())) {
        throw new CheckpointException(
            "VQ tensor '"
                + e.getKey()
                + "' has shape "
                + a.getShape()
                + " but configuration "
                + args.name()
                + " needs "
                + new Shape(e.getValue()));
      }
      checked.put(e.getKey(), a);
    }
    this.w = checked;
    NDArray raw = w.get("quantize.embedding.weight");
    this.codebook = args.codebookL2Norm() ? l2Normalise(raw) : raw.duplicate();
  }

  public VqArgs args() {
    return args;
  }

  /** F.normalize(p=2, dim=-1): row / max(‖row‖, 1e-12). */
  static NDArray l2Normalise(NDArray rows) {
    NDArray norm = rows.square().sum(new int[] {-1}, true).sqrt().maximum(1e-12f);
    return rows.div(norm);
  }

  /** The codebook as look-ups see it. */
  public NDArray codebook() {
    return codebook;
  }

  /**
   * get_codebook_entry(indices, shape=[B, C, H, W], channel_first=True): codes [B, H, W] int64 →
   * [B, C, H, W].
   */
  public NDArray quant(NDArray indices) {
    Shape s = indices.getShape();
    NDArray z =
        codebook
            .get(new NDIndex("{}", indices.flatten()))
            .reshape(s.get(0), s.get(1), s.get(2), args.codebookEmbedDim());
    return z.transpose(0, 3, 1, 2);
  }

  /**
   * decode_code(indices): codes [B, H, W] int64 → image [B, 3, H·f, W·f], in about [−1, 1],
   * unclamped.
   */
  public NDArray decode(NDArray indices) {
    return trace(indices).image();
  }

  public Trace trace(NDArray indices) {
    NDArray quant = quant(indices);
    NDArray postQuant = conv(quant, "post_quant_conv", 0);
    NDArray convIn = conv(postQuant, "decoder.conv_in", 1);
    NDArray h = resnet(convIn, "decoder.mid.0");
    h = attn(h, "decoder.mid.1");
    NDArray mid = resnet(h, "decoder.mid.2");
    h = mid;
    int levels = args.decoderChMult().size();
    List<NDArray> upsampled = new ArrayList<>();
    for (int k = 0; k < levels; k++) {
      String p = "decoder.conv_blocks." + k + ".";
      for (int r = 0; r < VqArgs.NUM_RES_BLOCKS + 1; r++) {
        h = resnet(h, p + "res." + r);
        if (k == 0) { // the lowest resolution level is the only one with attention
          h = attn(h, p + "attn." + r);
        }
      }
      if (k != levels - 1) {
        h = conv(nearest2x(h), p + "upsample.conv", 1);
        upsampled.add(h);
      }
    }
    NDArray normOut = groupNorm(h, "decoder.norm_out");
    NDArray image = conv(swish(normOut), "decoder.conv_out", 1);
    return new Trace(quant, postQuant, convIn, mid, List.copyOf(upsampled), normOut, image);
  }

  /**
   * Decodes one row-major grid of codes to 8-bit RGB as LlamaGen's samplers save it (torchvision
   * save_image, normalize=True, value_range=(−1, 1)): clamp to [−1, 1], map to [0, 1], then ⌊x·255
   * + 0.5⌋.
   */
  public BufferedImage decodeToImage(int[] grid, int height, int width) {
    if (grid.length != height * width) {
      throw new IllegalArgumentException(
          "grid has " + grid.length + " codes, not " + height + "×" + width);
    }
    long[] codes = new long[grid.length];
    for (int i = 0; i < grid.length; i++) {
      if (grid[i] < 0 || grid[i] >= args.codebookSize()) {
        throw new IllegalArgumentException(
            "code " + grid[i] + " outside the codebook of " + args.codebookSize());
      }
      codes[i] = grid[i];
    }
    try (NDScope scope = new NDScope()) {
      NDManager m = codebook.getManager();
      NDArray image = decode(m.create(codes, new Shape(1, height, width)));
      int h = Math.toIntExact(image.getShape().get(2));
      int wd = Math.toIntExact(image.getShape().get(3));
      return toRgb(image.toFloatArray(), h, wd);
    }
  }

  /** CHW floats in [−1, 1] to an RGB image (save_image's rounding). */
  static BufferedImage toRgb(float[] chw, int height, int width) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int plane = height * width;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        out.setRGB(
            x, y, (byte8(chw[i]) << 16) | (byte8(chw[plane + i]) << 8) | byte8(chw[2 * plane + i]));
      }
    }
    return out;
  }

  static int byte8(float v) {
    float unit = (Math.max(-1f, Math.min(1f, v)) + 1f) / 2f;
    return (int) Math.max(0, Math.min(255, unit * 255f + 0.5f));
  }

  private NDArray conv(NDArray x, String name, int padding) {
    return Conv2d.conv2d(
            x,
            w.get(name + ".weight"),
            w.get(name + ".bias"),
            new Shape(1, 1),
            new Shape(padding, padding))
        .singletonOrThrow();
  }

  // h = conv2(swish(norm2(conv1(swish(norm1(x)))))); out = nin_shortcut(x) + h when channels change
  private NDArray resnet(NDArray x, String p) {
    NDArray h = conv(swish(groupNorm(x, p + ".norm1")), p + ".conv1", 1);
    h = conv(swish(groupNorm(h, p + ".norm2")), p + ".conv2", 1);
    NDArray shortcut =
        w.containsKey(p + ".nin_shortcut.weight") ? conv(x, p + ".nin_shortcut", 0) : x;
    return shortcut.add(h);
  }

  // single-head attention over the h·w positions: out = x + proj_out(v · softmax(qᵀk / √C)ᵀ)
  private NDArray attn(NDArray x, String p) {
    Shape s = x.getShape();
    long b = s.get(0);
    long c = s.get(1);
    long hw = s.get(2) * s.get(3);
    NDArray n = groupNorm(x, p + ".norm");
    NDArray q = conv(n, p + ".q", 0).reshape(b, c, hw).transpose(0, 2, 1); // [B, HW, C]
    NDArray k = conv(n, p + ".k", 0).reshape(b, c, hw); // [B, C, HW]
    NDArray v = conv(n, p + ".v", 0).reshape(b, c, hw);
    NDArray weights = q.matMul(k).mul((float) Math.pow(c, -0.5)).softmax(2); // [B, HW(q), HW(k)]
    NDArray h = v.matMul(weights.transpose(0, 2, 1)).reshape(s);
    return x.add(conv(h, p + ".proj_out", 0));
  }

  private NDArray groupNorm(NDArray x, String name) {
    Shape s = x.getShape();
    NDArray g = x.reshape(s.get(0), GROUPS, -1);
    NDArray mean = g.mean(new int[] {2}, true);
    NDArray centred = g.sub(mean);
    NDArray var = centred.square().mean(new int[] {2}, true); // biased, as torch's group_norm
    NDArray normed = centred.div(var.add(GROUP_NORM_EPS).sqrt()).reshape(s);
    long c = s.get(1);
    return normed
        .mul(w.get(name + ".weight").reshape(1, c, 1, 1))
        .add(w.get(name + ".bias").reshape(1, c, 1, 1));
  }

  private static NDArray swish(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }

  // F.interpolate(scale_factor=2, mode="nearest"): every pixel repeated along both spatial axes
  private static NDArray nearest2x(NDArray x) {
    return x.repeat(2, 2).repeat(3, 2);
  }

  @Override
  public void close() {
    codebook.close();
    w.values().forEach(NDArray::close);
  }
}

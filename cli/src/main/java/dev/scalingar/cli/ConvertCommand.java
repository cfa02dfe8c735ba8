package dev.scalingar.cli;

import dev.scalingar.model.ModelArgs;
import dev.scalingar.model.llamagen.ConversionCheck;
import dev.scalingar.model.llamagen.LlamaGenArgs;
import dev.scalingar.model.llamagen.LlamaGenConverter;
import dev.scalingar.model.llamagen.ModelType;
import dev.scalingar.model.llamagen.VqArgs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./scalingar convert}: checkpoints from elsewhere to the files the fleet serves. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description =
        "Converts checkpoints trained elsewhere to the safetensors files a worker serves.",
    subcommands = ConvertCommand.LlamaGen.class)
public final class ConvertCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /**
   * {@code ./scalingar convert llamagen --gpt CKPT.pt [--ema] [--vq VQ.pt] --config GPT-B --type
   * c2i --out DIR}: LlamaGen training checkpoints (read without Python: a restricted unpickler, no
   * code from the file runs) to gpt.safetensors / vq.safetensors with SHA-256 sidecars.
   */
  @Command(
      name = "llamagen",
      mixinStandardHelpOptions = true,
      description = {
        "Converts LlamaGen checkpoints (torch.save zips in LlamaGen's training format) to gpt.safetensors"
            + " and vq.safetensors in --out, each with a .sha256 sidecar (sha256sum -c).",
        "Every tensor name and shape is checked against the configuration; bad input is one line and no file."
      },
      subcommands = Verify.class)
  static final class LlamaGen implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--gpt",
        paramLabel = "CKPT.pt",
        description = "The GPT checkpoint (its 'model', or 'module'/'state_dict').")
    Path gpt;

    @Option(
        names = "--ema",
        description = "Take the GPT checkpoint's 'ema' weights instead of 'model'.")
    boolean ema;

    @Option(
        names = "--vq",
        paramLabel = "VQ.pt",
        description = "The VQ tokenizer checkpoint (vq_train.py's); its decoder side is kept.")
    Path vq;

    @Option(
        names = "--config",
        paramLabel = "GPT-B|GPT-L|GPT-XL|FILE.json",
        description =
            "The GPT configuration: a named LlamaGen size, or a JSON file of LlamaGen ModelArgs fields.")
    String config;

    @Option(
        names = "--type",
        paramLabel = "c2i|t2i",
        description = "class- or text-conditional (LlamaGen's model_type).")
    String type;

    @Option(
        names = "--vq-config",
        paramLabel = "VQ-16|FILE.json",
        defaultValue = "VQ-16",
        description =
            "The VQ configuration (default: ${DEFAULT-VALUE}), or a JSON file of vq_model.py ModelArgs fields.")
    String vqConfig;

    // not required = true: picocli would then ask it of 'convert llamagen verify' as well
    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Where the converted files go (required).")
    Path out;

    @Override
    public Integer call() {
      if (out == null) {
        throw new IllegalArgumentException("give --out DIR, where the converted files go");
      }
      if (gpt == null && vq == null) {
        throw new IllegalArgumentException("give --gpt CKPT.pt, --vq VQ.pt or both");
      }
      // Every configuration is resolved before anything is read or written.
      ModelArgs args = null;
      if (gpt != null) {
        if (config == null || type == null) {
          throw new IllegalArgumentException(
              "--gpt needs --config (GPT-B, GPT-L, GPT-XL or FILE.json) and --type (c2i or t2i)");
        }
        args = LlamaGenArgs.resolve(config, ModelType.parse(type));
      }
      VqArgs vqArgs = vq == null ? null : VqArgs.resolve(vqConfig);
      PrintWriter o = spec.commandLine().getOut();
      if (gpt != null) {
        report(o, LlamaGenConverter.convertGpt(gpt, ema, args, out));
      }
      if (vq != null) {
        report(o, LlamaGenConverter.convertVq(vq, vqArgs, out));
      }
      return 0;
    }

    private static void report(PrintWriter o, LlamaGenConverter.Result r) {
      o.printf(
          Locale.ROOT,
          "wrote %s: %d tensors, %,d values, sha256 %s%n",
          r.file(),
          r.tensors(),
          r.elements(),
          r.sha256());
    }
  }

  /**
   * {@code ./scalingar convert llamagen verify --weights DIR --io IO.safetensors}: one JSON line;
   * exit 0 when ok.
   */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Runs converted files on the inputs of a reference io file (made by LlamaGen's own code) and prints one"
            + " JSON line: logits_full_max_abs_diff, logits_incremental_max_abs_diff, cfg_logits_max_abs_diff,"
            + " greedy_tokens_equal (GPT), image_max_abs_diff (VQ), ok.",
        "Exit 0 when ok (every difference <= 1e-4, greedy tokens equal), 1 otherwise."
      })
  static final class Verify implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--weights",
        paramLabel = "DIR",
        required = true,
        description = "A directory written by convert llamagen.")
    Path weights;

    @Option(
        names = "--io",
        paramLabel = "IO.safetensors",
        required = true,
        description = "Reference inputs and outputs.")
    Path io;

    @Override
    public Integer call() {
      ConversionCheck check = ConversionCheck.run(weights, io);
      spec.commandLine().getOut().println(check.toJson());
      return check.ok() ? 0 : 1;
    }
  }
}

package dev.scalingar.shapes.prompts;

import dev.scalingar.shapes.grammar.PromptParser;
import dev.scalingar.shapes.grammar.PromptSpec;
import dev.scalingar.shapes.grammar.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A versioned prompt set shipped as a resource: {@code task<TAB>prompt} lines. The evaluation set
 * is frozen: its SHA-256 is pinned here and checked on every load, so it cannot drift or be tuned
 * against without a new version.
 *
 * @param name "eval-v1" or "dev-v1"
 * @param entries the prompts in file order; a prompt may repeat in the small families (each line is
 *     one image to judge, with its own seed)
 */
public record PromptSet(String name, List<Entry> entries) {

  /** SHA-256 of {@code eval-v1.txt}, frozen when it was written. */
  public static final String EVAL_V1_SHA256 =
      "ba3b08cb7aae4395d1f433b7ddca899a25421aee7c10a7d8708cd27cfcbc73fa";

  /** SHA-256 of {@code dev-v1.txt}. */
  public static final String DEV_V1_SHA256 =
      "5051cc676bd875237febbfd7c25d0347a2a96986e43c922b07d4c2c2cae0f776";

  public PromptSet {
    Objects.requireNonNull(name, "name");
    entries = List.copyOf(entries);
  }

  /** One line of a prompt set; the prompt is checked against the grammar and its task. */
  public record Entry(Task task, String prompt, PromptSpec spec) {
    public Entry {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(prompt, "prompt");
      Objects.requireNonNull(spec, "spec");
    }

    public static Entry of(Task task, String prompt) {
      PromptSpec spec = PromptParser.parse(prompt);
      if (spec.task() != task) {
        throw new IllegalArgumentException(
            "'" + prompt + "' is a " + spec.task().tag() + " prompt, listed as " + task.tag());
      }
      return new Entry(task, prompt, spec);
    }
  }

  /** The frozen evaluation set, eval-v1 (300 prompts, 50 per task). */
  public static PromptSet eval() {
    return load("eval-v1", EVAL_V1_SHA256);
  }

  /** The dev set, dev-v1 (96 prompts, 16 per task), for tuning anything but the evaluation. */
  public static PromptSet dev() {
    return load("dev-v1", DEV_V1_SHA256);
  }

  /** A set by name: "eval" / "eval-v1" or "dev" / "dev-v1". */
  public static PromptSet named(String name) {
    return switch (name) {
      case "eval", "eval-v1" -> eval();
      case "dev", "dev-v1" -> dev();
      default ->
          throw new IllegalArgumentException("unknown prompt set '" + name + "' (eval or dev)");
    };
  }

  /** The entries of one task, in file order. */
  public List<Entry> ofTask(Task task) {
    return entries.stream().filter(e -> e.task() == task).toList();
  }

  /** Reads {@code task<TAB>prompt} lines; blank lines and lines starting with '#' are skipped. */
  public static PromptSet parse(String name, String text) {
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\t");
      if (parts.length != 2) {
        throw new IllegalArgumentException(
            name + " line " + (i + 1) + ": expected task<TAB>prompt");
      }
      entries.add(Entry.of(Task.fromTag(parts[0]), parts[1]));
    }
    return new PromptSet(name, entries);
  }

  static String resourceText(String name) {
    String path = "/dev/scalingar/shapes/" + name + ".txt";
    try (InputStream in = PromptSet.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("prompt set resource missing: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static PromptSet load(String name, String expectedSha256) {
    String text = resourceText(name);
    String actual = sha256(text);
    if (!actual.equals(expectedSha256)) {
      throw new IllegalStateException(
          name
              + ".txt has SHA-256 "
              + actual
              + ", expected "
              + expectedSha256
              + ": the frozen prompt set was changed; make a new version instead");
    }
    return parse(name, text);
  }
}

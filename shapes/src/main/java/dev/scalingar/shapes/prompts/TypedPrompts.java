package dev.scalingar.shapes.prompts;

import dev.scalingar.shapes.grammar.NormalisedPrompt;
import dev.scalingar.shapes.grammar.PromptException;
import dev.scalingar.shapes.grammar.PromptNormaliser;
import dev.scalingar.shapes.grammar.PromptParser;
import dev.scalingar.shapes.grammar.PromptSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Prompts as people type them, checked against the scene they were meant to ask for (issue 16: "of
 * 120 plain prompts typed the ways listed, ≥ 95 % parse to the intended scene").
 *
 * <p>File format: lines {@code typed<TAB>intended}, split at the line's <em>last</em> tab, so a
 * typed prompt may itself hold tabs and keeps its spaces; {@code intended} is in the grammar's
 * words. Blank lines and lines starting with {@code #} are skipped. "The intended scene" compares
 * {@link PromptSpec#canonical()}, so "a square and a circle" meets "a circle and a square".
 */
public final class TypedPrompts {

  /** One line: what a user typed and, in the grammar's words, what they meant. */
  public record Case(int line, String typed, String intended, PromptSpec scene) {
    public Case {
      Objects.requireNonNull(typed, "typed");
      Objects.requireNonNull(intended, "intended");
      Objects.requireNonNull(scene, "scene");
    }
  }

  /** How a typed prompt was read. */
  public sealed interface Outcome permits Parsed, Refused {
    Case input();

    boolean sameScene();
  }

  /** It parsed, to {@code canonical}; {@code sameScene} says whether that is what was meant. */
  public record Parsed(Case input, String canonical, boolean sameScene) implements Outcome {}

  /** It did not parse; {@code message} is the parser's readable error. */
  public record Refused(Case input, String message) implements Outcome {
    public boolean sameScene() {
      return false;
    }
  }

  /** Every case's outcome, in file order. */
  public record Report(List<Outcome> outcomes) {
    public Report {
      outcomes = List.copyOf(outcomes);
    }

    public long hits() {
      return outcomes.stream().filter(Outcome::sameScene).count();
    }

    /** Share of cases read as the intended scene; 0 for an empty report. */
    public double share() {
      return outcomes.isEmpty() ? 0 : (double) hits() / outcomes.size();
    }

    public List<Outcome> misses() {
      return outcomes.stream().filter(o -> !o.sameScene()).toList();
    }
  }

  private TypedPrompts() {}

  /**
   * Reads a file of cases.
   *
   * @throws IllegalArgumentException for a missing file, a line without a tab, or an intended
   *     prompt outside the grammar (a broken file, not a miss)
   */
  public static List<Case> read(Path file) {
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Cases from the lines of a file (see the class comment for the format). */
  public static List<Case> parse(List<String> lines) {
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int tab = line.lastIndexOf('\t');
      if (tab < 0) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": expected typed<TAB>intended, got '" + line + "'");
      }
      String intended = line.substring(tab + 1).strip();
      PromptSpec scene;
      try {
        scene = PromptParser.parse(intended);
      } catch (PromptException e) {
        throw new IllegalArgumentException(
            "line "
                + (i + 1)
                + ": the intended prompt '"
                + intended
                + "' is outside the grammar: "
                + e.getMessage());
      }
      cases.add(new Case(i + 1, line.substring(0, tab), intended, scene));
    }
    return cases;
  }

  /** Reads every typed prompt as the parser would and compares it with the intended scene. */
  public static Report check(List<Case> cases) {
    return new Report(cases.stream().map(TypedPrompts::check).toList());
  }

  private static Outcome check(Case c) {
    try {
      NormalisedPrompt read = PromptNormaliser.normalise(c.typed());
      PromptSpec spec = PromptParser.parseNormalised(read);
      return new Parsed(c, read.canonical(), spec.canonical().equals(c.scene().canonical()));
    } catch (PromptException e) {
      return new Refused(c, e.getMessage());
    }
  }
}

package dev.scalingar.shapes.grammar;

import java.util.Arrays;

/** The six task families, tagged exactly as GenEval tags them. */
public enum Task {
  SINGLE_OBJECT("single_object"),
  TWO_OBJECT("two_object"),
  COUNTING("counting"),
  COLORS("colors"),
  POSITION("position"),
  COLOR_ATTR("color_attr");

  private final String tag;

  Task(String tag) {
    this.tag = tag;
  }

  /** GenEval's tag, as used in report.json and the prompt files. */
  public String tag() {
    return tag;
  }

  public static Task fromTag(String tag) {
    return Arrays.stream(values())
        .filter(t -> t.tag.equals(tag))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown task tag '" + tag + "'"));
  }
}

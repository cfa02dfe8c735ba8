package dev.scalingar.cli.shapes;

import java.util.ArrayList;
import java.util.List;

/**
 * The text form of a token grid: a comment line, then one line per grid row of space-separated
 * token ids. Lines starting with '#' are ignored when reading; any white space separates ids.
 */
final class TokenFile {

  private TokenFile() {}

  static String write(int[] tokens, int gridSize, int vocabularySize) {
    StringBuilder out = new StringBuilder();
    out.append("# shapes tokens: codebook-v1, ")
        .append(gridSize)
        .append('x')
        .append(gridSize)
        .append(" grid, raster order, ids 0..")
        .append(vocabularySize - 1)
        .append('\n');
    for (int row = 0; row < gridSize; row++) {
      for (int col = 0; col < gridSize; col++) {
        out.append(col == 0 ? "" : " ").append(tokens[row * gridSize + col]);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The ids of a token file, in order; the tokenizer checks their count and range. */
  static int[] read(String text) {
    List<Integer> ids = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      for (String word : line.split("\\s+")) {
        try {
          ids.add(Integer.parseInt(word));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "line " + (i + 1) + ": '" + word + "' is not a token id");
        }
      }
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }
}

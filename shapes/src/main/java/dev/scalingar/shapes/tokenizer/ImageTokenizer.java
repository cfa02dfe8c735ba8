package dev.scalingar.shapes.tokenizer;

import dev.scalingar.shapes.grammar.Colour;
import dev.scalingar.shapes.render.Renderer;
import dev.scalingar.shapes.render.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Image ↔ token grid. A 64×64 image is cut into non-overlapping patchSize×patchSize patches (a
 * 16×16 grid for 4×4 patches), each patch becomes one token, in raster order (row by row, top
 * first); decoding pastes the codebook entries back.
 *
 * <p>Encoding reads a patch the way the codebook was built (see {@link CodebookTrainer}): every
 * pixel takes the nearest of the background and the palette colours, the patch's colour is its most
 * frequent non-background one, and the token is the entry of that colour whose mask differs from
 * the patch's in the fewest pixels (lowest id on ties). An all-background patch is the background
 * entry. CHOICE: nearest entry in plain RGB distance would trade a one-pixel shape error for a
 * colour swap at object borders (yellow and orange are close), which the scorer punishes far more.
 */
public final class ImageTokenizer {

  /** Image side the tokenizer works on (ShapesWorld's canvas). */
  public static final int IMAGE_SIZE = 64;

  private static final int BACKGROUND_LABEL = -1;

  private final Codebook codebook;
  private final int backgroundToken;
  private final int[][] tokensOfColour; // [palette index] = token ids of that colour, ascending
  private final long[] maskOf; // [token] = bit j set when entry pixel j is coloured

  /**
   * @throws IllegalArgumentException if the codebook is not of the palette × mask form: an entry
   *     mixes colours, uses an off-palette colour, or there is no all-background entry
   */
  public ImageTokenizer(Codebook codebook) {
    this.codebook = Objects.requireNonNull(codebook, "codebook");
    int p = codebook.patchSize();
    if (IMAGE_SIZE % p != 0 || p * p > 63) {
      throw new IllegalArgumentException("patch size must divide 64 and be at most 7, was " + p);
    }
    Colour[] palette = Colour.values();
    List<List<Integer>> byColour = new ArrayList<>();
    for (int c = 0; c < palette.length; c++) {
      byColour.add(new ArrayList<>());
    }
    this.maskOf = new long[codebook.size()];
    int background = -1;
    for (int token = 0; token < codebook.size(); token++) {
      int colour = BACKGROUND_LABEL;
      int[] entry = codebook.entry(token);
      for (int j = 0; j < entry.length; j++) {
        if (entry[j] == Renderer.BACKGROUND) {
          continue;
        }
        int c = paletteIndex(entry[j], token);
        if (colour != BACKGROUND_LABEL && c != colour) {
          throw new IllegalArgumentException("codebook entry " + token + " mixes two colours");
        }
        colour = c;
        maskOf[token] |= 1L << j;
      }
      if (colour == BACKGROUND_LABEL) {
        background = background < 0 ? token : background;
      } else {
        byColour.get(colour).add(token);
      }
    }
    if (background < 0) {
      throw new IllegalArgumentException("codebook has no all-background entry");
    }
    this.backgroundToken = background;
    this.tokensOfColour = new int[palette.length][];
    for (int c = 0; c < palette.length; c++) {
      tokensOfColour[c] = byColour.get(c).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  private static int paletteIndex(int rgb, int token) {
    for (Colour c : Colour.values()) {
      if (c.rgb() == rgb) {
        return c.ordinal();
      }
    }
    throw new IllegalArgumentException(
        "codebook entry " + token + " has off-palette colour #" + Integer.toHexString(rgb));
  }

  /** The tokenizer of the shipped codebook. */
  public static ImageTokenizer shipped() {
    return new ImageTokenizer(Codebook.shipped());
  }

  public Codebook codebook() {
    return codebook;
  }

  /** Tokens per side of the grid (16). */
  public int gridSize() {
    return IMAGE_SIZE / codebook.patchSize();
  }

  /** Tokens per image (256). */
  public int tokenCount() {
    return gridSize() * gridSize();
  }

  /** Size of the token vocabulary (the codebook's K). */
  public int vocabularySize() {
    return codebook.size();
  }

  /**
   * The token grid of a 64×64 image (larger square multiples are downscaled first), raster order.
   */
  public int[] encode(RgbImage image) {
    RgbImage canvas = image;
    if (image.width() != IMAGE_SIZE || image.height() != IMAGE_SIZE) {
      if (image.width() != image.height() || image.width() % IMAGE_SIZE != 0) {
        throw new IllegalArgumentException(
            "the tokenizer reads 64x64 images (or square multiples), got "
                + image.width()
                + "x"
                + image.height());
      }
      canvas = image.downscale(image.width() / IMAGE_SIZE);
    }
    int p = codebook.patchSize();
    int grid = gridSize();
    int[] tokens = new int[grid * grid];
    int[] patch = new int[p * p];
    for (int gy = 0; gy < grid; gy++) {
      for (int gx = 0; gx < grid; gx++) {
        for (int i = 0; i < p * p; i++) {
          patch[i] = canvas.rgb(gx * p + i % p, gy * p + i / p);
        }
        tokens[gy * grid + gx] = token(patch);
      }
    }
    return tokens;
  }

  /** The token of one patch (rule in the class comment). */
  int token(int[] patch) {
    int[] label = new int[patch.length];
    int[] votes = new int[Colour.values().length];
    for (int j = 0; j < patch.length; j++) {
      label[j] = nearestLabel(patch[j]);
      if (label[j] != BACKGROUND_LABEL) {
        votes[label[j]]++;
      }
    }
    int colour = 0;
    for (int c = 1; c < votes.length; c++) {
      colour = votes[c] > votes[colour] ? c : colour;
    }
    if (votes[colour] == 0 || tokensOfColour[colour].length == 0) {
      return backgroundToken;
    }
    long mask = 0;
    for (int j = 0; j < patch.length; j++) {
      mask |= label[j] == colour ? 1L << j : 0;
    }
    int best = tokensOfColour[colour][0];
    int bestDistance = Integer.MAX_VALUE;
    for (int token : tokensOfColour[colour]) {
      int d = Long.bitCount(mask ^ maskOf[token]);
      if (d < bestDistance) {
        bestDistance = d;
        best = token;
      }
    }
    return best;
  }

  /**
   * Palette index of the nearest of background and palette colours; BACKGROUND_LABEL for
   * background.
   */
  private static int nearestLabel(int rgb) {
    int best = BACKGROUND_LABEL;
    int bestDistance = Codebook.distance2(rgb, Renderer.BACKGROUND);
    for (Colour c : Colour.values()) {
      int d = Codebook.distance2(rgb, c.rgb());
      if (d < bestDistance) {
        bestDistance = d;
        best = c.ordinal();
      }
    }
    return best;
  }

  /** The 64×64 image of a token grid (raster order, {@link #tokenCount()} ids). */
  public RgbImage decode(int[] tokens) {
    if (tokens.length != tokenCount()) {
      throw new IllegalArgumentException(
          "a token grid has " + tokenCount() + " tokens, got " + tokens.length);
    }
    int p = codebook.patchSize();
    int grid = gridSize();
    int[] px = new int[IMAGE_SIZE * IMAGE_SIZE];
    for (int t = 0; t < tokens.length; t++) {
      int[] entry = codebook.entry(tokens[t]);
      int x0 = (t % grid) * p;
      int y0 = (t / grid) * p;
      for (int i = 0; i < p * p; i++) {
        px[(y0 + i / p) * IMAGE_SIZE + x0 + i % p] = entry[i];
      }
    }
    return new RgbImage(IMAGE_SIZE, IMAGE_SIZE, px);
  }
}

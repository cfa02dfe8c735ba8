package dev.scalingar.shapes.eval;

import dev.scalingar.shapes.grammar.Colour;
import dev.scalingar.shapes.grammar.Shape;
import dev.scalingar.shapes.render.RgbImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds the objects of an image from its pixels alone (never the spec that made it): each pixel
 * takes the nearest palette colour within {@link #COLOUR_TOLERANCE}, same-colour pixels form
 * 4-connected components, specks and canvas-sized blobs are dropped, and each remaining component
 * is classified by matching every shape's template, stretched to the component's bounding box.
 */
public final class SceneReader {

  /** The canvas side the scorer reads; larger images must be whole multiples (upscaled PNGs). */
  public static final int SIZE = 64;

  /** Largest RGB distance from a palette colour that still counts as that colour. */
  public static final int COLOUR_TOLERANCE = 60;

  /** Components smaller than this are specks (noise), not objects. The smallest shape has 64. */
  public static final int MIN_AREA = 30;

  /** Bounding-box sides outside this range are not objects of the world. */
  public static final int MIN_SIDE = 7;

  public static final int MAX_SIDE = 32;

  /** Width/height beyond this ratio (either way) is not a shape of the world. */
  public static final double MAX_ASPECT = 1.5;

  /** A component must overlap its best template at least this much (IoU) to count. */
  public static final double MIN_MATCH = 0.70;

  private static final int NONE = -1;

  private SceneReader() {}

  /**
   * The objects of an image, largest first.
   *
   * @throws IllegalArgumentException if the image is not 64×64 or a square whole multiple of it
   */
  public static List<DetectedObject> read(RgbImage image) {
    RgbImage canvas = toCanvas(image);
    int[] label = segment(canvas);
    List<DetectedObject> found = new ArrayList<>();
    boolean[] seen = new boolean[SIZE * SIZE];
    for (int start = 0; start < label.length; start++) {
      if (label[start] != NONE && !seen[start]) {
        List<Integer> component = flood(label, seen, start);
        classify(component, Colour.values()[label[start]]).ifPresent(found::add);
      }
    }
    found.sort(Comparator.comparingInt(DetectedObject::area).reversed());
    return List.copyOf(found);
  }

  private static RgbImage toCanvas(RgbImage image) {
    if (image.width() == SIZE && image.height() == SIZE) {
      return image;
    }
    if (image.width() == image.height() && image.width() % SIZE == 0) {
      return image.downscale(image.width() / SIZE);
    }
    throw new IllegalArgumentException(
        "ShapesEval reads 64x64 images (or square whole multiples such as 256x256), got "
            + image.width()
            + "x"
            + image.height());
  }

  /** [y * SIZE + x] = palette index of the pixel, or NONE for background and off-palette. */
  private static int[] segment(RgbImage canvas) {
    int[] label = new int[SIZE * SIZE];
    Colour[] palette = Colour.values();
    int tolerance2 = COLOUR_TOLERANCE * COLOUR_TOLERANCE;
    for (int i = 0; i < label.length; i++) {
      int rgb = canvas.rgb(i % SIZE, i / SIZE);
      int best = NONE;
      int bestDistance = Integer.MAX_VALUE;
      for (int c = 0; c < palette.length; c++) {
        int d = distance2(rgb, palette[c].rgb());
        if (d < bestDistance) {
          bestDistance = d;
          best = c;
        }
      }
      label[i] = bestDistance <= tolerance2 ? best : NONE;
    }
    return label;
  }

  static int distance2(int a, int b) {
    int dr = ((a >> 16) & 0xFF) - ((b >> 16) & 0xFF);
    int dg = ((a >> 8) & 0xFF) - ((b >> 8) & 0xFF);
    int db = (a & 0xFF) - (b & 0xFF);
    return dr * dr + dg * dg + db * db;
  }

  /** The 4-connected component of {@code start}'s label, as pixel indices. */
  private static List<Integer> flood(int[] label, boolean[] seen, int start) {
    List<Integer> component = new ArrayList<>();
    int[] stack = new int[SIZE * SIZE];
    int top = 0;
    stack[top++] = start;
    seen[start] = true;
    while (top > 0) {
      int p = stack[--top];
      component.add(p);
      int x = p % SIZE;
      int y = p / SIZE;
      int[][] neighbours = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
      for (int[] n : neighbours) {
        if (n[0] < 0 || n[1] < 0 || n[0] >= SIZE || n[1] >= SIZE) {
          continue;
        }
        int q = n[1] * SIZE + n[0];
        if (!seen[q] && label[q] == label[start]) {
          seen[q] = true;
          stack[top++] = q;
        }
      }
    }
    return component;
  }

  private static Optional<DetectedObject> classify(List<Integer> component, Colour colour) {
    if (component.size() < MIN_AREA) {
      return Optional.empty();
    }
    int minX = SIZE, minY = SIZE, maxX = -1, maxY = -1;
    double sumX = 0, sumY = 0;
    boolean[] mask = new boolean[SIZE * SIZE];
    for (int p : component) {
      int x = p % SIZE;
      int y = p / SIZE;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
      sumX += x + 0.5;
      sumY += y + 0.5;
      mask[p] = true;
    }
    int w = maxX - minX + 1;
    int h = maxY - minY + 1;
    boolean plausible =
        Math.min(w, h) >= MIN_SIDE
            && Math.max(w, h) <= MAX_SIDE
            && Math.max(w, h) <= MAX_ASPECT * Math.min(w, h);
    if (!plausible) {
      return Optional.empty();
    }
    Shape best = null;
    double bestMatch = -1;
    for (Shape shape : Shape.values()) {
      double match = templateMatch(shape, mask, minX, minY, w, h);
      if (match > bestMatch) {
        bestMatch = match;
        best = shape;
      }
    }
    if (bestMatch < MIN_MATCH) {
      return Optional.empty();
    }
    int n = component.size();
    return Optional.of(new DetectedObject(best, colour, n, sumX / n, sumY / n, w, h, bestMatch));
  }

  /** IoU between the component and the shape's template stretched to the box (minX, minY, w, h). */
  private static double templateMatch(
      Shape shape, boolean[] mask, int minX, int minY, int w, int h) {
    int intersection = 0;
    int union = 0;
    for (int dy = 0; dy < h; dy++) {
      for (int dx = 0; dx < w; dx++) {
        boolean inTemplate = shape.contains((dx + 0.5) / w, (dy + 0.5) / h);
        boolean inMask = mask[(minY + dy) * SIZE + minX + dx];
        if (inTemplate && inMask) {
          intersection++;
        }
        if (inTemplate || inMask) {
          union++;
        }
      }
    }
    return union == 0 ? 0 : (double) intersection / union;
  }
}

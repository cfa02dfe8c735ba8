package dev.scalingar.shapes.tokenizer;

import dev.scalingar.shapes.grammar.Colour;
import dev.scalingar.shapes.prompts.TrainingSampler;
import dev.scalingar.shapes.render.Renderer;
import dev.scalingar.shapes.render.RgbImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Learns a codebook by k-means on the patches of images rendered from the training distribution.
 * Deterministic: the same {@link Config} gives the same bytes on any JVM (seeded randomness,
 * patches deduplicated and sorted before clustering, plain double arithmetic in a fixed order).
 *
 * <p>CHOICE: the codebook is a product of the palette and a learned set of patch <em>masks</em>. A
 * ShapesWorld patch is one palette colour on the background (objects stay a patch apart), so
 * k-means clusters the distinct binary masks (which pixels are coloured), weighted by the square
 * root of their frequency so the rarer edge masks get their share of centroids; each centroid is
 * snapped to its cluster's member nearest to it, so every entry is a real renderer patch. The
 * entries are then: id 0 the empty background patch, and id 1 + colour × masks + m the m-th mask in
 * the colour-th palette colour. Plain k-means on RGB patches mixes colours inside edge clusters and
 * swaps colours at object borders; measured in the README.
 */
public final class CodebookTrainer {

  /**
   * Training settings.
   *
   * @param seed seeds both the training sampler and k-means++
   * @param images how many training images to cut into patches
   * @param masks learned non-empty masks; the codebook has 1 + 6 × masks entries
   * @param iterations Lloyd iterations after k-means++ initialisation
   * @param patchSize patch side in pixels
   */
  public record Config(long seed, int images, int masks, int iterations, int patchSize) {
    public Config {
      if (images < 1 || masks < 1 || iterations < 0 || patchSize < 1 || patchSize > 8) {
        throw new IllegalArgumentException(
            "images and masks must be positive, iterations ≥ 0, patchSize in 1..8");
      }
    }

    /** The settings that produced the shipped codebook-v1.bin. */
    public static Config v1() {
      return new Config(1, 2_000, 64, 25, 4);
    }

    /** Codebook entries these settings produce. */
    public int k() {
      return 1 + Colour.values().length * masks;
    }
  }

  private CodebookTrainer() {}

  public static Codebook train(Config config) {
    Map<Long, Integer> counts = distinctMasks(config);
    List<Long> masks = new ArrayList<>(counts.keySet());
    Collections.sort(masks); // fixed order, whatever the hash map did
    int n = masks.size();
    int pixels = config.patchSize() * config.patchSize();
    if (n < config.masks()) {
      throw new IllegalArgumentException(
          "only " + n + " distinct masks in " + config.images() + " images; ask for fewer masks");
    }
    double[][] points = new double[n][pixels];
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < pixels; j++) {
        points[i][j] = (masks.get(i) >> j) & 1;
      }
      weights[i] = Math.sqrt(counts.get(masks.get(i)));
    }
    double[][] centroids =
        initialise(points, weights, config.masks(), new SplittableRandom(config.seed()));
    int[] assignment = new int[n];
    for (int it = 0; it < config.iterations(); it++) {
      assign(points, centroids, assignment);
      update(points, weights, centroids, assignment);
    }
    assign(points, centroids, assignment);
    long[] learned = snap(points, centroids, assignment, masks);
    return new Codebook(config.patchSize(), entries(learned, pixels));
  }

  /** Background first, then every learned mask in every palette colour. */
  private static int[][] entries(long[] learned, int pixels) {
    Colour[] palette = Colour.values();
    int[][] entries = new int[1 + palette.length * learned.length][pixels];
    Arrays.fill(entries[0], Renderer.BACKGROUND);
    for (int c = 0; c < palette.length; c++) {
      for (int m = 0; m < learned.length; m++) {
        int[] entry = entries[1 + c * learned.length + m];
        for (int j = 0; j < pixels; j++) {
          entry[j] = ((learned[m] >> j) & 1) == 1 ? palette[c].rgb() : Renderer.BACKGROUND;
        }
      }
    }
    return entries;
  }

  /**
   * Distinct non-empty masks of the rendered training images, with how often each occurs. A mask
   * packs the patch's pixels in raster order, bit j set when pixel j is not background.
   */
  private static Map<Long, Integer> distinctMasks(Config config) {
    TrainingSampler sampler = new TrainingSampler(config.seed());
    int p = config.patchSize();
    Map<Long, Integer> counts = new HashMap<>();
    for (int i = 0; i < config.images(); i++) {
      TrainingSampler.Sample sample = sampler.next();
      RgbImage image = Renderer.render(sample.spec(), sample.renderSeed());
      for (int y0 = 0; y0 + p <= image.height(); y0 += p) {
        for (int x0 = 0; x0 + p <= image.width(); x0 += p) {
          long mask = 0;
          for (int j = 0; j < p * p; j++) {
            if (image.rgb(x0 + j % p, y0 + j / p) != Renderer.BACKGROUND) {
              mask |= 1L << j;
            }
          }
          if (mask != 0) {
            counts.merge(mask, 1, Integer::sum);
          }
        }
      }
    }
    return counts;
  }

  /**
   * k-means++: each next centre drawn with probability ∝ weight × squared distance to the nearest.
   */
  private static double[][] initialise(
      double[][] points, double[] weights, int k, SplittableRandom random) {
    int n = points.length;
    double[][] centroids = new double[k][];
    double[] nearest = new double[n];
    Arrays.fill(nearest, Double.MAX_VALUE);
    int first = draw(weights, random);
    centroids[0] = points[first].clone();
    for (int c = 1; c < k; c++) {
      double[] score = new double[n];
      for (int i = 0; i < n; i++) {
        nearest[i] = Math.min(nearest[i], distance2(points[i], centroids[c - 1], Double.MAX_VALUE));
        score[i] = weights[i] * nearest[i];
      }
      centroids[c] = points[draw(score, random)].clone();
    }
    return centroids;
  }

  private static int draw(double[] score, SplittableRandom random) {
    double total = 0;
    for (double s : score) {
      total += s;
    }
    double target = random.nextDouble() * total;
    double running = 0;
    for (int i = 0; i < score.length; i++) {
      running += score[i];
      if (running > target && score[i] > 0) {
        return i;
      }
    }
    for (int i = score.length - 1; i >= 0; i--) {
      if (score[i] > 0) {
        return i;
      }
    }
    return 0;
  }

  private static void assign(double[][] points, double[][] centroids, int[] assignment) {
    for (int i = 0; i < points.length; i++) {
      assignment[i] = nearestCentroid(points[i], centroids);
    }
  }

  private static int nearestCentroid(double[] point, double[][] centroids) {
    int best = 0;
    double bestDistance = Double.MAX_VALUE;
    for (int c = 0; c < centroids.length; c++) {
      double d = distance2(point, centroids[c], bestDistance);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }

  /** Weighted means; an emptied cluster takes over the point worst served by its centroid. */
  private static void update(
      double[][] points, double[] weights, double[][] centroids, int[] assignment) {
    int k = centroids.length;
    int dims = points[0].length;
    double[][] sums = new double[k][dims];
    double[] mass = new double[k];
    for (int i = 0; i < points.length; i++) {
      int c = assignment[i];
      mass[c] += weights[i];
      for (int d = 0; d < dims; d++) {
        sums[c][d] += weights[i] * points[i][d];
      }
    }
    for (int c = 0; c < k; c++) {
      if (mass[c] > 0) {
        for (int d = 0; d < dims; d++) {
          centroids[c][d] = sums[c][d] / mass[c];
        }
      }
    }
    for (int c = 0; c < k; c++) {
      if (mass[c] == 0) {
        int worst = worstServed(points, weights, centroids, assignment);
        centroids[c] = points[worst].clone();
        assignment[worst] = c;
      }
    }
  }

  private static int worstServed(
      double[][] points, double[] weights, double[][] centroids, int[] assignment) {
    int worst = 0;
    double worstError = -1;
    for (int i = 0; i < points.length; i++) {
      double e = weights[i] * distance2(points[i], centroids[assignment[i]], Double.MAX_VALUE);
      if (e > worstError) {
        worstError = e;
        worst = i;
      }
    }
    return worst;
  }

  /** Each centroid replaced by its cluster's member nearest to it; clusters are never empty. */
  private static long[] snap(
      double[][] points, double[][] centroids, int[] assignment, List<Long> masks) {
    int k = centroids.length;
    long[] learned = new long[k];
    double[] best = new double[k];
    Arrays.fill(best, Double.MAX_VALUE);
    for (int i = 0; i < points.length; i++) {
      int c = assignment[i];
      double d = distance2(points[i], centroids[c], Double.MAX_VALUE);
      if (d < best[c]) {
        best[c] = d;
        learned[c] = masks.get(i);
      }
    }
    for (int c = 0; c < k; c++) {
      if (learned[c] == 0) {
        throw new IllegalStateException("k-means left mask cluster " + c + " empty");
      }
    }
    return learned;
  }

  /** Squared distance, abandoned (returning a value ≥ bound) once it passes bound. */
  private static double distance2(double[] a, double[] b, double bound) {
    double sum = 0;
    for (int d = 0; d < a.length && sum < bound; d++) {
      double diff = a[d] - b[d];
      sum += diff * diff;
    }
    return sum;
  }
}

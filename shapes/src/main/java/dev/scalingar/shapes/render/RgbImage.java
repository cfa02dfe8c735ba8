package dev.scalingar.shapes.render;

import java.util.Arrays;

/** An immutable RGB image, pixels packed as 0xRRGGBB in raster order (row by row, top first). */
public final class RgbImage {

  private final int width;
  private final int height;
  private final int[] pixels; // [y * width + x] = 0xRRGGBB

  public RgbImage(int width, int height, int[] pixels) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, was " + width + "x" + height);
    }
    if (pixels.length != width * height) {
      throw new IllegalArgumentException(
          "pixels must hold width*height = " + width * height + " values, was " + pixels.length);
    }
    this.width = width;
    this.height = height;
    this.pixels = pixels.clone();
  }

  /** An image of one colour. */
  public static RgbImage filled(int width, int height, int rgb) {
    int[] px = new int[width * height];
    Arrays.fill(px, rgb & 0xFFFFFF);
    return new RgbImage(width, height, px);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The pixel at (x, y) as 0xRRGGBB. */
  public int rgb(int x, int y) {
    return pixels[y * width + x];
  }

  /** A copy of the pixels, raster order. */
  public int[] pixels() {
    return pixels.clone();
  }

  /** Each pixel repeated factor×factor times: crisp enlargement for people to look at. */
  public RgbImage upscale(int factor) {
    if (factor < 1) {
      throw new IllegalArgumentException("factor must be at least 1, was " + factor);
    }
    int w = width * factor;
    int[] out = new int[w * height * factor];
    for (int y = 0; y < height * factor; y++) {
      for (int x = 0; x < w; x++) {
        out[y * w + x] = pixels[(y / factor) * width + x / factor];
      }
    }
    return new RgbImage(w, height * factor, out);
  }

  /** The inverse of {@link #upscale}: one pixel, the block's centre, per factor×factor block. */
  public RgbImage downscale(int factor) {
    if (factor < 1 || width % factor != 0 || height % factor != 0) {
      throw new IllegalArgumentException(
          "cannot downscale " + width + "x" + height + " by " + factor);
    }
    int w = width / factor;
    int h = height / factor;
    int[] out = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out[y * w + x] = pixels[(y * factor + factor / 2) * width + x * factor + factor / 2];
      }
    }
    return new RgbImage(w, h, out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage other
        && width == other.width
        && height == other.height
        && Arrays.equals(pixels, other.pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}

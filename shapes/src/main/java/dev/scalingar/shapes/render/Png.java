package dev.scalingar.shapes.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** PNG files through javax.imageio. */
public final class Png {

  private Png() {}

  /** Writes the image enlarged by {@code scale} (nearest neighbour), e.g. 4 for 256×256. */
  public static void write(RgbImage image, int scale, Path file) {
    RgbImage big = image.upscale(scale);
    BufferedImage out = new BufferedImage(big.width(), big.height(), BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, big.width(), big.height(), big.pixels(), 0, big.width());
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!ImageIO.write(out, "png", file.toFile())) {
        throw new IllegalStateException("no PNG writer in this JDK");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads any image javax.imageio understands; alpha is dropped.
   *
   * @throws IllegalArgumentException when the file is missing or not an image
   */
  public static RgbImage read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such image file: " + file);
    }
    BufferedImage in;
    try {
      in = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + file + " as an image: " + e.getMessage(), e);
    }
    if (in == null) {
      throw new IllegalArgumentException("not an image file javax.imageio can read: " + file);
    }
    int w = in.getWidth();
    int h = in.getHeight();
    int[] px = in.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < px.length; i++) {
      px[i] &= 0xFFFFFF;
    }
    return new RgbImage(w, h, px);
  }
}

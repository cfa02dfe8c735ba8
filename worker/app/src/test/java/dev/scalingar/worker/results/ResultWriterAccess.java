package dev.scalingar.worker.results;

import java.awt.image.BufferedImage;

/**
 * The served image's width for a decoded one of {@code w}×{@code h} (tests outside the package).
 */
public final class ResultWriterAccess {

  public static int upscaled(int w, int h) {
    return ResultWriter.upscale(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB)).getWidth();
  }

  private ResultWriterAccess() {}
}

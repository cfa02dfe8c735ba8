package dev.scalingar.worker.results;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * {@code candidates.png}: every trajectory's last grid side by side, finished or pruned, for people
 * to see what pruning threw away. Drawn after selection; selection never decodes an image.
 */
public final class CandidateSheet {

  /** One tile: the decoded grid (unfilled positions decoded as given), with its caption. */
  public record Candidate(int trajectory, BufferedImage image, String caption, boolean selected) {}

  private static final int TILE = 192;
  private static final int CAPTION = 34;

  private CandidateSheet() {}

  public static byte[] png(List<Candidate> candidates) {
    int columns = Math.max(1, Math.min(4, candidates.size()));
    int rows = Math.max(1, (candidates.size() + columns - 1) / columns);
    BufferedImage sheet =
        new BufferedImage(columns * TILE, rows * (TILE + CAPTION), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      int x = (i % columns) * TILE;
      int y = (i / columns) * (TILE + CAPTION);
      g.drawImage(c.image(), x + 4, y + 4, TILE - 8, TILE - 8, null);
      g.setColor(c.selected() ? new Color(0, 140, 60) : Color.DARK_GRAY);
      if (c.selected()) {
        g.drawRect(x + 2, y + 2, TILE - 5, TILE - 5);
        g.drawRect(x + 3, y + 3, TILE - 7, TILE - 7);
      }
      g.drawString(
          "traj " + c.trajectory() + (c.selected() ? " ✓ selected" : ""), x + 6, y + TILE + 12);
      g.drawString(c.caption(), x + 6, y + TILE + 27);
    }
    g.dispose();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(sheet, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.scalingar.cli;

import dev.scalingar.model.shapes.ModelEvaluation;
import dev.scalingar.model.shapes.ShapesModels;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;

/** A contact sheet of generated samples with their prompt and ShapesEval's verdict. */
final class SampleSheet {
  private static final int TILE = 160;
  private static final int CAPTION = 30;

  private SampleSheet() {}

  static byte[] png(List<ModelEvaluation.Sample> samples, ImageTokenizer tokenizer, int max)
      throws IOException {
    List<ModelEvaluation.Sample> shown = samples.subList(0, Math.min(max, samples.size()));
    int cols = Math.max(1, Math.min(8, shown.size()));
    int rows = Math.max(1, (shown.size() + cols - 1) / cols);
    BufferedImage sheet =
        new BufferedImage(cols * TILE, rows * (TILE + CAPTION), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    for (int i = 0; i < shown.size(); i++) {
      ModelEvaluation.Sample s = shown.get(i);
      int x = (i % cols) * TILE;
      int y = (i / cols) * (TILE + CAPTION);
      g.drawImage(
          ShapesModels.toBufferedImage(tokenizer.decode(s.grid())),
          x + 4,
          y + 4,
          TILE - 8,
          TILE - 8,
          null);
      g.setColor(s.correct() ? new Color(0, 130, 50) : new Color(190, 30, 30));
      g.drawString((s.correct() ? "✓ " : "✗ ") + s.prompt(), x + 4, y + TILE + 12);
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(sheet, "png", out);
    return out.toByteArray();
  }
}

package dev.scalingar.shapes.grammar;

/**
 * The palette. The values are far apart in RGB (the closest pair, orange and yellow, is 80 apart)
 * so the scorer can segment by nearest palette colour with a tolerance, even after the tokenizer's
 * quantisation.
 */
public enum Colour {
  RED("red", 0xDC2828),
  GREEN("green", 0x28B43C),
  BLUE("blue", 0x2850DC),
  YELLOW("yellow", 0xF0DC28),
  PURPLE("purple", 0x963CC8),
  ORANGE("orange", 0xF58C1E);

  private final String word;
  private final int rgb;

  Colour(String word, int rgb) {
    this.word = word;
    this.rgb = rgb;
  }

  public String word() {
    return word;
  }

  /** Packed 0xRRGGBB. */
  public int rgb() {
    return rgb;
  }
}

package dev.scalingar.shapes.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.shapes.prompts.TrainingSampler;
import dev.scalingar.shapes.render.Renderer;
import dev.scalingar.shapes.render.RgbImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageTokenizerTest {

  private final ImageTokenizer tokenizer = ImageTokenizer.shipped();

  @Test
  void shippedCodebookIsSixteenBySixteenTokensOf385() {
    assertThat(tokenizer.gridSize()).isEqualTo(16);
    assertThat(tokenizer.tokenCount()).isEqualTo(256);
    assertThat(tokenizer.vocabularySize()).isEqualTo(385);
    assertThat(tokenizer.codebook().patchSize()).isEqualTo(4);
  }

  @Test
  void shippedCodebookIsExactlyWhatTheTrainerProduces() throws IOException {
    byte[] shipped;
    try (InputStream in = Codebook.class.getResourceAsStream(Codebook.RESOURCE)) {
      shipped = in.readAllBytes();
    }
    byte[] retrained = CodebookTrainer.train(CodebookTrainer.Config.v1()).toBytes();
    assertThat(retrained).isEqualTo(shipped);
  }

  @Test
  void blankCanvasIsTheBackgroundTokenAndDecodesBack() {
    RgbImage blank = RgbImage.filled(64, 64, Renderer.BACKGROUND);
    int[] tokens = tokenizer.encode(blank);
    assertThat(Arrays.stream(tokens).distinct().count()).isEqualTo(1);
    assertThat(tokenizer.decode(tokens)).isEqualTo(blank);
  }

  @Test
  void encodingADecodedGridGivesTheGridBack() {
    SplittableRandom random = new SplittableRandom(1);
    int[] tokens = new int[256];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = random.nextInt(tokenizer.vocabularySize());
    }
    assertThat(tokenizer.encode(tokenizer.decode(tokens))).isEqualTo(tokens);
  }

  @Test
  void roundTripKeepsAlmostEveryPixelOfRenderedImages() {
    TrainingSampler sampler = new TrainingSampler(99);
    long same = 0;
    long total = 0;
    for (int i = 0; i < 200; i++) {
      TrainingSampler.Sample s = sampler.next();
      RgbImage image = Renderer.render(s.spec(), s.renderSeed());
      RgbImage back = tokenizer.decode(tokenizer.encode(image));
      int[] a = image.pixels();
      int[] b = back.pixels();
      for (int p = 0; p < a.length; p++) {
        same += a[p] == b[p] ? 1 : 0;
      }
      total += a.length;
    }
    assertThat((double) same / total).isGreaterThan(0.995);
  }

  @Test
  void encodesUpscaledImagesAndRefusesOtherSizes() {
    RgbImage image =
        Renderer.render(dev.scalingar.shapes.grammar.PromptParser.parse("three circles"), 3);
    assertThat(tokenizer.encode(image.upscale(4))).isEqualTo(tokenizer.encode(image));
    assertThatThrownBy(() -> tokenizer.encode(RgbImage.filled(50, 64, 0)))
        .hasMessageContaining("got 50x64");
    assertThatThrownBy(() -> tokenizer.decode(new int[10]))
        .hasMessageContaining("256 tokens, got 10");
    assertThatThrownBy(() -> tokenizer.decode(filledGrid(385)))
        .hasMessageContaining("token must be in 0..384, was 385");
  }

  @Test
  void refusesCorruptCodebookFilesNamingTheProblem() {
    byte[] good = tokenizer.codebook().toBytes();
    byte[] badMagic = good.clone();
    badMagic[0] = 'X';
    assertThatThrownBy(() -> read(badMagic)).hasMessageContaining("not a ShapesWorld codebook");
    byte[] badVersion = good.clone();
    badVersion[7] = 9;
    assertThatThrownBy(() -> read(badVersion)).hasMessageContaining("version 9 not supported");
    byte[] flipped = good.clone();
    flipped[good.length - 5] ^= 1;
    assertThatThrownBy(() -> read(flipped)).hasMessageContaining("checksum mismatch");
    byte[] truncated = Arrays.copyOf(good, good.length - 100);
    assertThatThrownBy(() -> read(truncated)).hasMessageContaining("truncated");
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> read(longer)).hasMessageContaining("bytes after its payload");
  }

  @Test
  void codebookFileRoundTrips() throws IOException {
    Codebook codebook = tokenizer.codebook();
    assertThat(read(codebook.toBytes())).isEqualTo(codebook);
    assertThat(codebook.toBytes()).hasSize(24 + 385 * 48);
  }

  private static Codebook read(byte[] bytes) throws IOException {
    return Codebook.read(new ByteArrayInputStream(bytes));
  }

  private static int[] filledGrid(int token) {
    int[] tokens = new int[256];
    Arrays.fill(tokens, token);
    return tokens;
  }
}

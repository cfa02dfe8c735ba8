package dev.scalingar.model.shapes;

import dev.scalingar.model.train.TrainingData;
import dev.scalingar.shapes.grammar.Vocabulary;
import dev.scalingar.shapes.prompts.TaskMix;
import dev.scalingar.shapes.prompts.TrainingSampler;
import dev.scalingar.shapes.render.Renderer;
import dev.scalingar.shapes.tokenizer.ImageTokenizer;

/**
 * ShapesWorld's training distribution, rendered and tokenised on the fly: no data set on disk, and
 * batch {@code step} is the same in every run with the same seed (resume sees the same data).
 */
public final class ShapesTrainingData implements TrainingData {

  private final ImageTokenizer tokenizer;
  private final TaskMix mix;

  public ShapesTrainingData(ImageTokenizer tokenizer) {
    this(tokenizer, TaskMix.UNIFORM);
  }

  public ShapesTrainingData(ImageTokenizer tokenizer, TaskMix mix) {
    this.tokenizer = tokenizer;
    this.mix = mix;
  }

  @Override
  public Batch batch(long step, int size) {
    TrainingSampler sampler = new TrainingSampler(step, mix);
    int p = Vocabulary.MAX_WORDS;
    int l = tokenizer.tokenCount();
    long[] words = new long[size * p];
    long[] tokens = new long[size * l];
    for (int i = 0; i < size; i++) {
      TrainingSampler.Sample s = sampler.next();
      int[] ids = Vocabulary.encode(s.prompt());
      for (int j = 0; j < p; j++) {
        words[i * p + j] = ids[j];
      }
      int[] grid = tokenizer.encode(Renderer.render(s.spec(), s.renderSeed()));
      for (int j = 0; j < l; j++) {
        tokens[i * l + j] = grid[j];
      }
    }
    return new Batch(size, words, tokens);
  }
}

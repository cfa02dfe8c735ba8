package dev.scalingar.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a client asks for (job-spec.schema.json). Defaults of the schema are applied here, so a
 * decoded spec never has a missing value that has a default; the rest are {@code Optional}: those
 * whose default is the model's own ({@code cfg_scale}, {@code top_k}: LlamaGen's c2i samples with
 * top-k 2000 and shapes models with none), and those that have none.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record JobSpec(
    @JsonProperty("prompt") String prompt,
    @JsonProperty("n") int n,
    @JsonProperty("strategy") StrategyName strategy,
    @JsonProperty("seed") OptionalLong seed,
    @JsonProperty("model") String model,
    @JsonProperty("cfg_scale") OptionalDouble cfgScale,
    @JsonProperty("temperature") double temperature,
    @JsonProperty("top_k") OptionalInt topK,
    @JsonProperty("top_p") double topP,
    @JsonProperty("token_budget") OptionalLong tokenBudget,
    @JsonProperty("webhook_url") Optional<String> webhookUrl,
    @JsonProperty("metadata") Map<String, String> metadata) {

  public static final int DEFAULT_N = 8;
  public static final StrategyName DEFAULT_STRATEGY = StrategyName.SCALINGAR;

  /**
   * shapes-v2 since 2026-12-02: on eval-300 its base accuracy is 0.59 against shapes-v1's 0.45
   * (oracle best-of-8 0.93 against 0.74; worker/model/README.md). shapes-v1 stays servable.
   */
  public static final String DEFAULT_MODEL = "shapes-v2";

  public JobSpec {
    seed = seed == null ? OptionalLong.empty() : seed;
    cfgScale = cfgScale == null ? OptionalDouble.empty() : cfgScale;
    topK = topK == null ? OptionalInt.empty() : topK;
    tokenBudget = tokenBudget == null ? OptionalLong.empty() : tokenBudget;
    webhookUrl = webhookUrl == null ? Optional.empty() : webhookUrl;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** A spec with every default: what {@code {"prompt": ...}} decodes to. */
  public static JobSpec of(String prompt) {
    return create(prompt, null, null, null, null, null, null, null, null, null, null, null);
  }

  @JsonCreator
  public static JobSpec create(
      @JsonProperty("prompt") String prompt,
      @JsonProperty("n") Integer n,
      @JsonProperty("strategy") StrategyName strategy,
      @JsonProperty("seed") Long seed,
      @JsonProperty("model") String model,
      @JsonProperty("cfg_scale") Double cfgScale,
      @JsonProperty("temperature") Double temperature,
      @JsonProperty("top_k") Integer topK,
      @JsonProperty("top_p") Double topP,
      @JsonProperty("token_budget") Long tokenBudget,
      @JsonProperty("webhook_url") String webhookUrl,
      @JsonProperty("metadata") Map<String, String> metadata) {
    return new JobSpec(
        prompt,
        n == null ? DEFAULT_N : n,
        strategy == null ? DEFAULT_STRATEGY : strategy,
        seed == null ? OptionalLong.empty() : OptionalLong.of(seed),
        model == null ? DEFAULT_MODEL : model,
        cfgScale == null ? OptionalDouble.empty() : OptionalDouble.of(cfgScale),
        temperature == null ? 1.0 : temperature,
        topK == null ? OptionalInt.empty() : OptionalInt.of(topK),
        topP == null ? 1.0 : topP,
        tokenBudget == null ? OptionalLong.empty() : OptionalLong.of(tokenBudget),
        Optional.ofNullable(webhookUrl),
        metadata);
  }

  public JobSpec withSeed(long newSeed) {
    return new JobSpec(
        prompt,
        n,
        strategy,
        OptionalLong.of(newSeed),
        model,
        cfgScale,
        temperature,
        topK,
        topP,
        tokenBudget,
        webhookUrl,
        metadata);
  }

  public JobSpec withModel(String newModel) {
    return new JobSpec(
        prompt,
        n,
        strategy,
        seed,
        newModel,
        cfgScale,
        temperature,
        topK,
        topP,
        tokenBudget,
        webhookUrl,
        metadata);
  }

  public JobSpec withStrategy(StrategyName newStrategy, int newN) {
    return new JobSpec(
        prompt,
        newN,
        newStrategy,
        seed,
        model,
        cfgScale,
        temperature,
        topK,
        topP,
        tokenBudget,
        webhookUrl,
        metadata);
  }
}

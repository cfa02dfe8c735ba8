package dev.scalingar.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * The strategies a client may ask for (job-spec.schema.json's enum). The benchmark-only oracle is
 * not here.
 */
public enum StrategyName {
  BASE,
  BON,
  BON_LOGPROB,
  IS,
  SCALINGAR,
  SCALINGAR_PAPER,
  SCALINGAR_NO_TOKEN,
  SCALINGAR_NO_BLOCK,
  SCALINGAR_NO_COND,
  TERMINATION_ONLY,
  SCHEDULER_ONLY;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static StrategyName fromWire(String name) {
    return Arrays.stream(values())
        .filter(s -> s.wireName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown strategy '" + name + "'"));
  }
}

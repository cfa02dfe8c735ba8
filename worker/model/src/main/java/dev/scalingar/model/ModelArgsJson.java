package dev.scalingar.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** ModelArgs as JSON, stored in a weights file's metadata so the file says what it is. */
public final class ModelArgsJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelArgsJson() {}

  public static String write(ModelArgs args) {
    try {
      return JSON.writeValueAsString(args);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ModelArgs read(String json) {
    try {
      return JSON.readValue(json, ModelArgs.class);
    } catch (JsonProcessingException e) {
      throw new WeightsFileException(
          "weights file has unreadable model_args: " + e.getOriginalMessage(), e);
    }
  }
}

package dev.scalingar.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors header read from its JSON: the {@code __metadata__} strings and every tensor's
 * dtype, shape and byte range, in file order. Only the reading of the JSON lives here; what a
 * reader checks against the file (its size, a hash) and the errors it raises stay with the reader
 * ({@link WeightsFile} for whole files, the LlamaGen reader for files streamed from disk).
 */
public record SafetensorsHeader(Map<String, String> metadata, List<Tensor> tensors) {

  /** One tensor: bytes {@code [begin, end)} of the data section. */
  public record Tensor(String name, String dtype, long[] shape, long begin, long end) {}

  public static SafetensorsHeader of(JsonNode json) {
    Map<String, String> metadata = new LinkedHashMap<>();
    json.path("__metadata__")
        .fields()
        .forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
    List<Tensor> tensors = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      JsonNode t = e.getValue();
      long[] shape = new long[t.path("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = t.path("shape").path(i).asLong();
      }
      tensors.add(
          new Tensor(
              e.getKey(),
              t.path("dtype").asText(),
              shape,
              t.path("data_offsets").path(0).asLong(),
              t.path("data_offsets").path(1).asLong()));
    }
    return new SafetensorsHeader(metadata, tensors);
  }

  /** Where the last tensor's data ends: the data section must hold at least this many bytes. */
  public long dataNeeded() {
    return tensors.stream().mapToLong(Tensor::end).max().orElse(0);
  }
}

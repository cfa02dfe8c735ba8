package dev.scalingar.model.llamagen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingar.model.ModelArgs;
import dev.scalingar.testing.LlamaGenFixtures;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The named configurations name exactly the tensors LlamaGen's real models have (shapes.json). */
class LlamaGenShapesTest {

  static JsonNode shapes() throws IOException {
    return new ObjectMapper().readTree(LlamaGenFixtures.file("shapes.json").toFile());
  }

  @ParameterizedTest
  @CsvSource({"GPT-B, c2i", "GPT-L, c2i", "GPT-XL, c2i", "GPT-B, t2i", "GPT-L, t2i", "GPT-XL, t2i"})
  void gptConfigurationsHaveLlamaGensNamesAndShapes(String size, String type) throws IOException {
    ModelArgs args = LlamaGenArgs.named(size, ModelType.parse(type));
    assertThat(render(args.tensorShapes())).isEqualTo(render(shapes().get(size + "/" + type)));
    assertThat(args.parameterCount())
        .isEqualTo(
            shapes()
                .get("_parameter_counts")
                .get(size + "/" + type)
                .get("state_dict_elements")
                .asLong());
  }

  @Test
  void c2iSizesOfModelArgsAreLlamaGens() throws IOException {
    for (String size : ModelArgs.LLAMAGEN) {
      assertThat(render(ModelArgs.llamaGen(size).tensorShapes()))
          .isEqualTo(render(shapes().get(size + "/c2i")));
    }
  }

  @Test
  void vq16HasLlamaGensNamesAndShapes() throws IOException {
    VqArgs vq = VqArgs.vq16();
    assertThat(render(vq.stateDictShapes())).isEqualTo(render(shapes().get("VQ-16")));
    // the served side is the state_dict less the encoder, quant_conv and the usage statistics
    Map<String, String> served = render(vq.decoderShapes());
    Map<String, String> all = render(shapes().get("VQ-16"));
    all.keySet()
        .removeIf(
            n ->
                n.startsWith("encoder.")
                    || n.startsWith("quant_conv.")
                    || n.equals("quantize.codebook_used"));
    assertThat(served).isEqualTo(all);
  }

  @Test
  void namedConfigurationsRoundTripThroughLlamaGensJson() {
    for (ModelType type : ModelType.values()) {
      ModelArgs a = LlamaGenArgs.named("GPT-L", type);
      assertThat(LlamaGenArgs.fromJson(LlamaGenArgs.toJson(a), a.name())).isEqualTo(a);
    }
    VqArgs vq = VqArgs.vq16();
    assertThat(VqArgs.fromJson(vq.toJson(), "VQ-16")).isEqualTo(vq);
  }

  static Map<String, String> render(Map<String, long[]> shapes) {
    Map<String, String> out = new TreeMap<>();
    shapes.forEach((k, v) -> out.put(k, java.util.Arrays.toString(v)));
    return out;
  }

  static Map<String, String> render(JsonNode shapes) {
    Map<String, String> out = new TreeMap<>();
    shapes
        .fields()
        .forEachRemaining(
            e -> {
              long[] s = new long[e.getValue().size()];
              for (int i = 0; i < s.length; i++) {
                s[i] = e.getValue().get(i).asLong();
              }
              out.put(e.getKey(), java.util.Arrays.toString(s));
            });
    return out;
  }
}

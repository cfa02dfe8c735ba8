package dev.scalingar.schemas;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A family of JSON Schemas (2020-12) on the class path, one file {@code NAME.schema.json} each,
 * checked with a real validator (networknt). Schemas reference each other by their {@code $id}; the
 * id prefix is mapped to the class-path folder, so nothing is fetched over the network.
 */
final class SchemaSet {

  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder()
          .formatAssertionsEnabled(true) // date-time and uri are checked, not just annotations
          .pathType(PathType.JSON_POINTER)
          .locale(Locale.ROOT)
          .build();

  private final String idPrefix;
  private final List<String> names;
  private final JsonSchemaFactory factory;
  private final Map<String, JsonSchema> cache = new ConcurrentHashMap<>();

  SchemaSet(String idPrefix, String classpathFolder, List<String> names) {
    this.idPrefix = idPrefix;
    this.names = List.copyOf(names);
    factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix(idPrefix, "classpath:" + classpathFolder)));
  }

  List<String> names() {
    return names;
  }

  List<WireSchemas.Violation> validate(
      String name, com.fasterxml.jackson.databind.JsonNode document) {
    return schema(name).validate(document).stream()
        .map(WireSchemas.Violation::of)
        .sorted(
            Comparator.comparing(WireSchemas.Violation::field)
                .thenComparing(WireSchemas.Violation::message))
        .toList();
  }

  private JsonSchema schema(String name) {
    if (!names.contains(name)) {
      throw new IllegalArgumentException("unknown schema '" + name + "'; known: " + names);
    }
    return cache.computeIfAbsent(
        name, n -> factory.getSchema(SchemaLocation.of(idPrefix + n + ".schema.json"), CONFIG));
  }
}

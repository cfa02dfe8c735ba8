package dev.scalingar.gateway.submit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.WireCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobIdsTest {

  @Test
  void idsMatchTheSchemasJobIdPattern() {
    assertThat(JobIds.random()).matches("^[A-Za-z0-9_-]{8,64}$").isNotEqualTo(JobIds.random());
    assertThat(JobIds.forIdempotencyKey("acme", "k1")).matches("^[A-Za-z0-9_-]{8,64}$");
  }

  @Test
  void anIdempotencyKeyNamesOneJobPerTenant() {
    assertThat(JobIds.forIdempotencyKey("acme", "k1"))
        .isEqualTo(JobIds.forIdempotencyKey("acme", "k1"))
        .isNotEqualTo(JobIds.forIdempotencyKey("acme", "k2"))
        .isNotEqualTo(JobIds.forIdempotencyKey("globex", "k1"));
  }

  @Test
  void theDigestIgnoresKeyOrderAndWhitespaceButNotMeaning() {
    JobSpec a =
        WireCodec.decodeSpec(
            "{\"prompt\":\"a red circle\",\"metadata\":{\"x\":\"1\",\"y\":\"2\"}}"
                .getBytes(StandardCharsets.UTF_8));
    JobSpec b =
        WireCodec.decodeSpec(
            "{ \"metadata\": {\"y\":\"2\", \"x\":\"1\"}, \"prompt\": \"a red circle\" }"
                .getBytes(StandardCharsets.UTF_8));
    JobSpec c =
        WireCodec.decodeSpec(
            "{\"prompt\":\"a red circle\",\"n\":8}".getBytes(StandardCharsets.UTF_8));
    assertThat(JobIds.specDigest(a)).isEqualTo(JobIds.specDigest(b));
    assertThat(JobIds.specDigest(c))
        .isEqualTo(JobIds.specDigest(JobSpec.of("a red circle"))); // n=8 is the default
    assertThat(JobIds.specDigest(a)).isNotEqualTo(JobIds.specDigest(c));
  }

  @Test
  void derivedSeedsAreStableAndWithinTheSchemaRange() {
    long seed = JobIds.seedFor("job_abc");
    assertThat(seed).isEqualTo(JobIds.seedFor("job_abc")).isBetween(0L, (1L << 53) - 1);
    assertThat(JobIds.seedFor("job_abd")).isNotEqualTo(seed);
  }
}

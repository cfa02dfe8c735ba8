package dev.scalingar.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.ws.rs.core.Response;

/**
 * Renders a {@link Problem} as an HTTP response with its headers and {@code
 * application/problem+json}.
 */
public final class ProblemResponses {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private ProblemResponses() {}

  public static Response of(Problem problem) {
    Response.ResponseBuilder r =
        Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(bytes(problem));
    problem.headers().forEach(r::header);
    return r.build();
  }

  public static byte[] bytes(Problem problem) {
    try {
      return MAPPER.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a Problem always serialises", e);
    }
  }
}

package dev.scalingar.gateway.problem;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem details object ({@code application/problem+json}). {@code type} is a stable
 * URI per kind of problem that clients can switch on; {@code errors} names each offending field as
 * a JSON pointer into the request body together with the rule it broke. {@code headers} are sent as
 * HTTP headers (Retry-After, WWW-Authenticate), not in the body.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    @JsonProperty("type") String type,
    @JsonProperty("title") String title,
    @JsonProperty("status") int status,
    @JsonProperty("detail") String detail,
    @JsonProperty("instance") String instance,
    @JsonProperty("errors") List<FieldError> errors,
    @JsonIgnore Map<String, String> headers) {

  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String BASE = "https://scalingar.dev/problems/";

  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** One broken rule: where ({@code /n}, {@code /prompt}, or a header) and what the rule says. */
  public record FieldError(
      @JsonProperty("pointer") String pointer, @JsonProperty("detail") String detail) {}

  public Problem withInstance(String path) {
    return new Problem(type, title, status, detail, path, errors, headers);
  }

  public Problem withHeader(String name, String value) {
    Map<String, String> h = new java.util.HashMap<>(headers);
    h.put(name, value);
    return new Problem(type, title, status, detail, instance, errors, h);
  }

  static Problem of(String slug, String title, int status, String detail) {
    return new Problem(BASE + slug, title, status, detail, null, List.of(), Map.of());
  }

  public static Problem unauthorized(String detail) {
    return of("unauthorized", "Missing or invalid API key", 401, detail)
        .withHeader("WWW-Authenticate", "Bearer realm=\"scalingar\"");
  }

  public static Problem notFound(String detail) {
    return of("not-found", "Not found", 404, detail);
  }

  public static Problem malformedJson(String detail) {
    return of("malformed-json", "Malformed JSON", 400, detail);
  }

  public static Problem invalidHeader(String header, String detail) {
    return new Problem(
        BASE + "invalid-header",
        "Invalid header",
        400,
        detail,
        null,
        List.of(new FieldError("header:" + header, detail)),
        Map.of());
  }

  public static Problem invalidQuery(String parameter, String detail) {
    return new Problem(
        BASE + "invalid-query",
        "Invalid query parameter",
        400,
        detail,
        null,
        List.of(new FieldError("query:" + parameter, detail)),
        Map.of());
  }

  /** The body is JSON but breaks the job-spec schema or the model's grammar. */
  public static Problem invalidRequest(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).pointer() + ": " + errors.get(0).detail()
            : errors.size() + " fields are invalid; see errors";
    return new Problem(
        BASE + "invalid-request", "Invalid job request", 422, detail, null, errors, Map.of());
  }

  public static Problem bodyTooLarge(long maxBytes) {
    return bodyTooLarge(maxBytes, "");
  }

  /** As {@link #bodyTooLarge(long)}, the detail followed by {@code more}. */
  public static Problem bodyTooLarge(long maxBytes, String more) {
    return of(
        "body-too-large",
        "Request body too large",
        413,
        "the body must be at most " + maxBytes + " bytes" + more);
  }

  public static Problem rateLimited(long retryAfterSeconds) {
    return of(
            "rate-limited",
            "Too many requests",
            429,
            "this tenant's request rate is exceeded; retry after " + retryAfterSeconds + " s")
        .withHeader("Retry-After", Long.toString(retryAfterSeconds));
  }

  public static Problem queueFull(int cap, long retryAfterSeconds) {
    return of(
            "queue-full",
            "Too many queued jobs",
            429,
            "this tenant already has "
                + cap
                + " queued jobs, the most allowed; retry when some have started")
        .withHeader("Retry-After", Long.toString(retryAfterSeconds));
  }

  public static Problem idempotencyKeyReused() {
    return new Problem(
        BASE + "idempotency-key-reused",
        "Idempotency-Key reused with a different body",
        422,
        "this Idempotency-Key was first used with a different request body; use a new key for a new job",
        null,
        List.of(
            new FieldError("header:Idempotency-Key", "must not be reused for a different request")),
        Map.of());
  }

  public static Problem brokerUnavailable(long retryAfterSeconds, String detail) {
    return of("broker-unavailable", "Job log unavailable", 503, detail)
        .withHeader("Retry-After", Long.toString(retryAfterSeconds));
  }

  public static Problem notReady(String detail) {
    return of("not-ready", "Gateway not ready", 503, detail).withHeader("Retry-After", "1");
  }

  public static Problem jobFinished(String jobId, String status) {
    return of(
        "job-finished",
        "Job already finished",
        409,
        "job " + jobId + " is " + status + "; nothing to cancel");
  }

  /** An HTTP-level error with no more specific type (405, 406, 415, ...). */
  public static Problem http(int status, String title, String detail) {
    return new Problem("about:blank", title, status, detail, null, List.of(), Map.of());
  }

  public static Problem internal(String errorId) {
    return of(
        "internal",
        "Internal error",
        500,
        "the gateway failed to handle this request; error id " + errorId + " is in its log");
  }
}

package dev.scalingar.gateway.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Headers;

/**
 * W3C Trace Context (traceparent, tracestate) carried by hand: OpenTelemetry's Quarkus extension is
 * not available here, so the gateway continues the caller's trace as one span of its own and writes
 * that span into the Kafka record headers, where the worker picks it up.
 *
 * @param traceparent {@code 00-<trace id>-<span id of this gateway request>-<flags>}
 * @param tracestate vendor state, passed through unchanged (may be empty)
 */
public record TraceContext(String traceparent, String tracestate) {

  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";
  private static final Pattern PARENT =
      Pattern.compile("^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$");
  private static final String ZERO_TRACE = "0".repeat(32);
  private static final String ZERO_SPAN = "0".repeat(16);

  /**
   * Continues the caller's trace (a new span id under its trace id and flags) or, when the header
   * is absent or invalid (the spec says: then start a new trace), starts a sampled one.
   */
  public static TraceContext fromHttp(String traceparent, String tracestate) {
    if (traceparent != null) {
      var m = PARENT.matcher(traceparent.strip());
      if (m.matches()
          && !"ff".equals(m.group(1))
          && !ZERO_TRACE.equals(m.group(2))
          && !ZERO_SPAN.equals(m.group(3))
          && ("00".equals(m.group(1)) ? m.group(5) == null : true)) {
        String state = tracestate == null ? "" : tracestate.strip();
        return new TraceContext("00-" + m.group(2) + "-" + randomHex(8) + "-" + m.group(4), state);
      }
    }
    return new TraceContext("00-" + randomHex(16) + "-" + randomHex(8) + "-01", "");
  }

  public String traceId() {
    return traceparent.substring(3, 35);
  }

  public void writeTo(Headers headers) {
    headers.add(TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
    if (!tracestate.isEmpty()) {
      headers.add(TRACESTATE, tracestate.getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** The trace context of a record, when it carries one. */
  public static Optional<String> traceparentOf(Headers headers) {
    var h = headers.lastHeader(TRACEPARENT);
    return h == null
        ? Optional.empty()
        : Optional.of(new String(h.value(), StandardCharsets.US_ASCII));
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    do {
      ThreadLocalRandom.current().nextBytes(b);
    } while (allZero(b));
    return HexFormat.of().formatHex(b);
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}

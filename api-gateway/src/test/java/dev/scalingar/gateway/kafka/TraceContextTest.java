package dev.scalingar.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceContextTest {

  @Test
  void continuesTheCallersTraceWithANewSpan() {
    TraceContext t =
        TraceContext.fromHttp(
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "congo=t61rcWkgMzE");
    assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(t.traceparent())
        .matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01")
        .doesNotContain("00f067aa0ba902b7");
    assertThat(t.tracestate()).isEqualTo("congo=t61rcWkgMzE");
  }

  @Test
  void startsANewTraceWhenTheHeaderIsAbsentOrInvalid() {
    for (String bad :
        new String[] {
          null,
          "",
          "garbage",
          "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
          "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
          "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"
        }) {
      TraceContext t = TraceContext.fromHttp(bad, null);
      assertThat(t.traceparent())
          .as(String.valueOf(bad))
          .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
      assertThat(t.traceId()).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }
  }
}

package onego.server.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** W3C Trace Context's {@code traceparent}: a valid one is continued, anything else starts a new trace. */
class TraceContextTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void aValidTraceparentIsContinuedWithANewSpan() {
    TraceContext t = TraceContext.parse("00-" + TRACE + "-00f067aa0ba902b7-01");
    assertThat(t.traceId()).isEqualTo(TRACE);
    assertThat(t.spanId()).matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
    assertThat(t.traceparent()).isEqualTo("00-" + TRACE + "-" + t.spanId() + "-01");
    assertThat(TraceContext.parse("01-" + TRACE + "-00f067aa0ba902b7-00-future").traceId()).as("a later version, read as 00").isEqualTo(TRACE);
  }

  @Test
  void anInvalidOrMissingOneStartsANewTrace() {
    for (String bad : new String[] {null, "", "garbage", "00-" + TRACE + "-00f067aa0ba902b7-01-extra", "ff-" + TRACE + "-00f067aa0ba902b7-01",
        "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01", "00-" + TRACE + "-" + "0".repeat(16) + "-01", "00-" + TRACE.toUpperCase() + "-00f067aa0ba902b7-01"}) {
      TraceContext t = TraceContext.parse(bad);
      assertThat(t.traceId()).as(String.valueOf(bad)).matches("[0-9a-f]{32}").isNotEqualTo(TRACE).isNotEqualTo("0".repeat(32));
      assertThat(t.flags()).isEqualTo("01");
    }
  }
}

package onego.server.infra;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

import java.util.Map;
import java.util.StringJoiner;

/** {@code %request} in a text pattern: {@code [requestId=… traceId=… principal=… caseId=…] } for a request's line, nothing outside one. */
public final class RequestContextConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    Map<String, String> fields = LogContext.of(event);
    if (fields.isEmpty()) return "";
    StringJoiner out = new StringJoiner(" ", "[", "] ");
    fields.forEach((k, v) -> {
      if (v != null) out.add(k + "=" + v);
    });
    return out.toString();
  }
}

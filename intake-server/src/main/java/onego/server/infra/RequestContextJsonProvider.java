package onego.server.infra;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import net.logstash.logback.composite.AbstractJsonProvider;

import java.io.IOException;
import java.util.Map;

/** Adds the request's {@link LogContext} fields ({@code requestId}, {@code traceId}, {@code principal}, {@code caseId}) to a JSON log line. */
public final class RequestContextJsonProvider extends AbstractJsonProvider<ILoggingEvent> {
  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    for (Map.Entry<String, String> f : LogContext.of(event).entrySet()) {
      if (f.getValue() != null) generator.writeStringField(f.getKey(), f.getValue());
    }
  }
}

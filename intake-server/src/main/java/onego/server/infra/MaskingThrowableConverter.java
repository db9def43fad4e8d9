package onego.server.infra;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import onego.domain.Pii;

/** Stack traces with ID numbers and phone numbers masked (exception messages may quote input). */
public final class MaskingThrowableConverter extends ThrowableProxyConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return Pii.scrub(super.convert(event));
  }
}

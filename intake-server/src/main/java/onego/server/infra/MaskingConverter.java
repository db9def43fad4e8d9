package onego.server.infra;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import onego.domain.Pii;

/** The log message with ID numbers and phone numbers masked. */
public final class MaskingConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return Pii.scrub(super.convert(event));
  }
}

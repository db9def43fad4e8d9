package onego.server.infra;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** The log message masked by the one policy, percent escapes decoded first ({@link LoggedText}). */
public final class MaskingConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return LoggedText.mask(super.convert(event));
  }
}

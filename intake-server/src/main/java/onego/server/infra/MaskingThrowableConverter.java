package onego.server.infra;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Stack traces masked as messages are ({@link LoggedText}): exception messages may quote input, URLs included. */
public final class MaskingThrowableConverter extends ThrowableProxyConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return LoggedText.mask(super.convert(event));
  }
}

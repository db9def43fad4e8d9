package onego.server.infra;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@link AsyncAppender} (a bounded queue and one writer thread) that also keeps the
 * request's {@link LogContext} fields with each event: they live on the caller's Vert.x context,
 * and the writer thread that encodes the line has none. The console appender sits behind it, so an
 * event loop that logs (the access log: a line a request) only enqueues, and does not wait for
 * stdout nor for the lock of the appender every other event loop writes through.
 */
public final class RequestAwareAsyncAppender extends AsyncAppender {
  @Override
  protected void preprocess(ILoggingEvent event) {
    super.preprocess(event);
    LogContext.capture(event);
  }
}

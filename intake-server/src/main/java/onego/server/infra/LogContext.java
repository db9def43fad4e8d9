package onego.server.infra;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import org.slf4j.event.KeyValuePair;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a log line knows about the request it was written for ({@code requestId}, {@code principal},
 * {@code caseId}), carried by the request's Vert.x duplicated context instead of a thread-local MDC:
 * the request's callbacks (PostgreSQL, Redis, timers) run on that context on whichever event loop,
 * so a line logged from any of them finds its request. Read on the logging thread: the async
 * appender ({@link RequestAwareAsyncAppender}) copies them into the event there ({@link #capture}),
 * and the encoders read them back ({@link #of}) on its writer thread.
 */
public final class LogContext {
  private static final Object KEY = new Object();
  /** The key of the fields in an event's key-value pairs ({@link #capture}). */
  private static final String EVENT_KEY = "onego.request";

  private LogContext() {}

  /** Binds {@code fields} (read lazily: the principal is known only after authentication) to the current request's context. */
  public static void bind(Supplier<Map<String, String>> fields) {
    Context c = Vertx.currentContext();
    if (c instanceof ContextInternal ci && ci.isDuplicate()) ci.localContextData().put(KEY, fields);
  }

  /**
   * Copies the fields of the request the calling thread is working for into {@code event} (as a
   * key-value pair no encoder of ours writes as such), so that {@link #of} finds them on another thread.
   */
  public static void capture(ILoggingEvent event) {
    Map<String, String> fields = current();
    if (!fields.isEmpty() && event instanceof LoggingEvent e) e.addKeyValuePair(new KeyValuePair(EVENT_KEY, new LinkedHashMap<>(fields)));
  }

  /** The request fields of {@code event}: those {@link #capture}d with it, else those of the calling thread's request. */
  @SuppressWarnings("unchecked")
  public static Map<String, String> of(ILoggingEvent event) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) for (KeyValuePair p : pairs) if (EVENT_KEY.equals(p.key)) return (Map<String, String>) p.value;
    return current();
  }

  /** The fields of the request the calling thread is working for; empty outside a request. */
  @SuppressWarnings("unchecked")
  public static Map<String, String> current() {
    Context c = Vertx.currentContext();
    if (!(c instanceof ContextInternal ci) || !ci.isDuplicate()) return Map.of();
    Object f = ci.localContextData().get(KEY);
    return f instanceof Supplier<?> s ? (Map<String, String>) s.get() : Map.of();
  }
}

package onego.server.infra;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.util.Map;
import java.util.function.Supplier;

/**
 * What a log line knows about the request it was written for ({@code requestId}, {@code principal},
 * {@code caseId}), carried by the request's Vert.x duplicated context instead of a thread-local MDC:
 * the request's callbacks (PostgreSQL, Redis, timers) run on that context on whichever event loop,
 * so a line logged from any of them finds its request. Read when the line is encoded, on the
 * logging thread: the appenders must be synchronous (no {@code AsyncAppender}).
 */
public final class LogContext {
  private static final Object KEY = new Object();

  private LogContext() {}

  /** Binds {@code fields} (read lazily: the principal is known only after authentication) to the current request's context. */
  public static void bind(Supplier<Map<String, String>> fields) {
    Context c = Vertx.currentContext();
    if (c instanceof ContextInternal ci && ci.isDuplicate()) ci.localContextData().put(KEY, fields);
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

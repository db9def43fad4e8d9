package onego.server.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The longest an API request waits for its answer ({@code http.requestTimeoutSeconds}, 30 s by default), counted
 * from when its body has been read. A request whose answer has not started by then is answered 503 OVERLOADED with
 * {@code Retry-After} ({@code openapi.yaml}, its error table), counted in {@code onego_http_deadline_exceeded_total}
 * and logged at WARN (the access line). Why: PostgreSQL or Redis stalling with connections open (a lock held, a
 * partition without a reset, a full disk) would otherwise hold callers without limit, since the node's pool has no
 * acquisition timer ({@code onego.server.infra.Database#poolOptions}).
 *
 * <p>The request's work is not cancelled: it may still complete after the 503 (a submission then commits; the
 * caller's retry with the same {@code Idempotency-Key} is answered with that case). Its late answer is dropped
 * ({@link Responses#answered}), never written over the 503. A department's long poll gets its longest wait on top
 * ({@link #plus}); event streams and WebSockets are not bounded here (they are meant to stay open).
 */
public final class RequestDeadline {
  private static final Logger log = LoggerFactory.getLogger(RequestDeadline.class);

  private final Vertx vertx;
  private final int seconds;
  private final int retryAfterSeconds;
  private final Counter exceeded;

  /**
   * @param seconds           {@code http.requestTimeoutSeconds}
   * @param retryAfterSeconds the {@code Retry-After} of the 503 ({@code http.retryAfterSeconds})
   */
  public RequestDeadline(Vertx vertx, int seconds, int retryAfterSeconds, MeterRegistry registry) {
    this.vertx = vertx;
    this.seconds = seconds;
    this.retryAfterSeconds = retryAfterSeconds;
    this.exceeded = Counter.builder("onego.http.deadline.exceeded")
        .description("API requests answered 503 because no answer had started within http.requestTimeoutSeconds").register(registry);
  }

  /** The handler of an ordinary route: the deadline itself. */
  public Handler<RoutingContext> handler() {
    return plus(0);
  }

  /** The handler of a route that may wait on purpose up to {@code waitSeconds} (a long poll): the deadline on top of that. */
  public Handler<RoutingContext> plus(int waitSeconds) {
    long ms = 1000L * (seconds + waitSeconds);
    return ctx -> {
      long timer = vertx.setTimer(ms, t -> expire(ctx));
      ctx.addEndHandler(done -> vertx.cancelTimer(timer));
      ctx.next();
    };
  }

  private void expire(RoutingContext ctx) {
    HttpServerResponse res = ctx.response();
    if (res.headWritten() || res.closed()) return;
    exceeded.increment();
    log.warn("no answer within {} s (a dependency is slow or stalled): answered 503; the request's work goes on, its late answer is dropped",
        seconds);
    FailureHandler.write(ctx, new ApiError(503, "OVERLOADED", "no answer within " + seconds + " s; the request may still complete: "
        + "retry later (a submission retried with the same Idempotency-Key is answered with its case)", List.of(), retryAfterSeconds));
  }
}

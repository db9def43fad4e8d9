package onego.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import onego.domain.Pii;
import onego.router.flow.FlowError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that writes the contract's error JSON, for every failure of every route. */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger log = LoggerFactory.getLogger(FailureHandler.class);

  private final int retryAfterSeconds;

  public FailureHandler(int retryAfterSeconds) {
    this.retryAfterSeconds = retryAfterSeconds;
  }

  @Override
  public void handle(RoutingContext ctx) {
    write(ctx, toApiError(ctx));
  }

  ApiError toApiError(RoutingContext ctx) {
    Throwable f = ctx.failure();
    if (f instanceof ApiError e) return e;
    if (f instanceof FlowError e) return fromFlow(e);
    if (isUnavailable(f)) {
      log.warn("{} {}: a dependency is unavailable: {}", ctx.request().method(), ctx.request().path(), f.toString());
      return ApiError.unavailable("a dependency (database)", retryAfterSeconds, f);
    }
    int status = ctx.statusCode();
    return switch (status) {
      case 400 -> ApiError.badRequest(f != null && f.getMessage() != null ? "bad request: " + f.getMessage() : "bad request");
      case 401 -> ApiError.unauthorized("missing or invalid credentials");
      case 403 -> ApiError.forbidden("not allowed");
      case 404 -> ApiError.notFound("no such resource: " + ctx.request().path());
      case 405 -> new ApiError(405, "METHOD_NOT_ALLOWED", ctx.request().method() + " is not allowed on " + ctx.request().path());
      case 413 -> new ApiError(413, "PAYLOAD_TOO_LARGE", "request body is over the configured limit");
      case 415 -> new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "the body must be application/json");
      default -> {
        log.error("unhandled failure on {} {}: {}", ctx.request().method(), ctx.request().path(),
            f == null ? "status " + status : Pii.scrub(String.valueOf(f)), f);
        yield new ApiError(500, "INTERNAL", "internal error; it has been logged");
      }
    };
  }

  static ApiError fromFlow(FlowError e) {
    return switch (e.kind()) {
      case NOT_FOUND -> ApiError.notFound(e.getMessage());
      case ILLEGAL_TRANSITION -> new ApiError(409, "ILLEGAL_TRANSITION", e.getMessage());
      case CONFLICT -> ApiError.conflict(e.getMessage());
      case INVALID -> new ApiError(422, "VALIDATION_FAILED", e.getMessage());
    };
  }

  /** Failures of the connection to PostgreSQL or Redis, as opposed to bugs: the contract's 503. */
  static boolean isUnavailable(Throwable f) {
    for (Throwable t = f; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof io.vertx.sqlclient.ClosedConnectionException
          || t instanceof java.util.concurrent.TimeoutException || t instanceof io.vertx.core.http.StreamResetException) {
        return true;
      }
      if (t instanceof io.vertx.core.VertxException && String.valueOf(t.getMessage()).contains("Connection")) return true;
    }
    return false;
  }

  static void write(RoutingContext ctx, ApiError e) {
    HttpServerResponse res = ctx.response();
    if (res.headWritten()) {
      res.reset();
      return;
    }
    res.setStatusCode(e.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8");
    if (e.retryAfterSeconds() != null) res.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
    if (e.status() == 401) res.putHeader("WWW-Authenticate", "Bearer");
    res.end(e.toJson().encode());
  }
}

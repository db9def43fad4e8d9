package onego.server.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;
import onego.domain.Pii;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failure into the contract's error JSON ({@code openapi.yaml}, its error responses):
 * a {@link DomainError} by its kind, an {@link ApiError} of the web layer as it is, a dependency
 * that is down as 503 OVERLOADED ({@link Unavailable}: a lost connection to PostgreSQL or Redis, a
 * read-only, restarting or overloaded PostgreSQL, a stale cached plan; {@code onego.router.store.DatabaseFault}), a status Vert.x Web set (400 for a request
 * it could not decode, 404, 405, 413) by that status, anything else as 500 (logged: a 500 is a bug). {@code Retry-After} is set here
 * and nowhere else.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger log = LoggerFactory.getLogger(FailureHandler.class);
  /** How long a caller waits when its key's first request is still being written. */
  private static final int IN_PROGRESS_RETRY_SECONDS = 1;

  private final int retryAfterSeconds;

  /** @param retryAfterSeconds the {@code Retry-After} of every 503 ({@code http.retryAfterSeconds}) */
  public FailureHandler(int retryAfterSeconds) {
    this.retryAfterSeconds = retryAfterSeconds;
  }

  @Override
  public void handle(RoutingContext ctx) {
    write(ctx, toApiError(ctx));
  }

  ApiError toApiError(RoutingContext ctx) {
    Throwable f = ctx.failure();
    int status = ctx.statusCode();
    // a 4xx Vert.x Web set with its cause (the body handler's 400 for an undecodable body) is that 4xx
    boolean clientError = status >= 400 && status < 500 && !(f instanceof ApiError) && !(f instanceof DomainError);
    if (f != null && !clientError) return toApiError(f, ctx.request().method() + " " + ctx.request().path());
    return switch (status) {
      case 400 -> ApiError.badRequest(f == null ? "bad request" : "the request could not be read: " + Pii.scrub(String.valueOf(f.getMessage())));
      case 401 -> ApiError.unauthorized("missing or invalid credentials");
      case 403 -> new ApiError(403, "FORBIDDEN", "not allowed");
      case 404 -> notFound(ctx);
      case 405 -> new ApiError(405, "METHOD_NOT_ALLOWED", ctx.request().method() + " is not allowed on " + ctx.request().path());
      case 413 -> new ApiError(413, "PAYLOAD_TOO_LARGE", "request body is over the configured limit");
      case 415 -> new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "the body must be application/json");
      default -> internal("status " + status, null, ctx.request().method() + " " + ctx.request().path());
    };
  }

  /** The contract's answer to {@code f}; {@code where} ("GET /api/v1/...") is for the log only. */
  public ApiError toApiError(Throwable f, String where) {
    if (f instanceof ApiError e) return e;
    if (f instanceof DomainError e) return fromDomain(e, where);
    if (Unavailable.is(f)) return fromDomain(DomainError.unavailable("a dependency (database)", f), where);
    if (undecodable(f)) return ApiError.badRequest("the request could not be read: " + Pii.scrub(String.valueOf(f.getMessage())));
    return internal(Pii.scrub(String.valueOf(f)), f, where);
  }

  private ApiError fromDomain(DomainError e, String where) {
    return switch (e.kind()) {
      case BAD_REQUEST -> new ApiError(400, "BAD_REQUEST", e.getMessage(), e.details(), null);
      case FORBIDDEN -> new ApiError(403, "FORBIDDEN", e.getMessage(), e.details(), null);
      case NOT_FOUND -> new ApiError(404, "NOT_FOUND", e.getMessage(), e.details(), null);
      case ILLEGAL_TRANSITION -> new ApiError(409, "ILLEGAL_TRANSITION", e.getMessage(), e.details(), null);
      case CONFLICT -> new ApiError(409, "CONFLICT", e.getMessage(), e.details(), null);
      case KEY_IN_PROGRESS -> new ApiError(409, "IDEMPOTENCY_IN_PROGRESS", e.getMessage(), e.details(), IN_PROGRESS_RETRY_SECONDS);
      case INVALID -> new ApiError(422, "VALIDATION_FAILED", e.getMessage(), e.details(), null);
      case KEY_REUSED -> new ApiError(422, "IDEMPOTENCY_KEY_REUSED", e.getMessage(), e.details(), null);
      case OVERLOADED -> new ApiError(503, "OVERLOADED", e.getMessage(), e.details(), retryAfterSeconds);
      case UNAVAILABLE -> {
        log.warn("{}: {}: {}", where, e.getMessage(), e.getCause() == null ? "" : Pii.scrub(e.getCause().toString()));
        yield new ApiError(503, "OVERLOADED", e.getMessage(), e.details(), retryAfterSeconds);
      }
    };
  }

  /**
   * Whether Netty's HTTP decoder raised {@code f} reading the request: Vert.x passes some of its
   * failures (a bad chunk size) unwrapped, so the code that threw it (the first frame outside
   * the JDK) tells.
   */
  private static boolean undecodable(Throwable f) {
    if (f instanceof io.netty.handler.codec.DecoderException) return true;
    for (StackTraceElement e : f.getStackTrace()) {
      if (e.getClassName().startsWith("java.")) continue;
      return e.getClassName().startsWith("io.netty.handler.codec.http.");
    }
    return false;
  }

  private static ApiError notFound(RoutingContext ctx) {
    return new ApiError(404, "NOT_FOUND", "no such resource: " + ctx.request().path());
  }

  private static ApiError internal(String what, Throwable f, String where) {
    log.error("unhandled failure on {}: {}", where, what, f);
    return new ApiError(500, "INTERNAL", "internal error; it has been logged");
  }

  /**
   * Writes {@code e} as the answer, or resets the stream when the head is already out; nothing when the request was
   * answered already (its deadline's 503, {@link RequestDeadline}: a late failure of its work).
   */
  public static void write(RoutingContext ctx, ApiError e) {
    HttpServerResponse res = ctx.response();
    if (res.ended()) return;
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

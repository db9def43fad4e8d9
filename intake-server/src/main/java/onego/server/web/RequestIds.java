package onego.server.web;

import io.vertx.ext.web.RoutingContext;
import onego.domain.Pii;
import onego.server.infra.LogContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code X-Request-Id}: a caller's id (1 to 128 of {@code A-Z a-z 0-9 . _ : -}) is kept, any other
 * value or none is replaced by a new UUID; the id goes back on the response and, with the
 * principal (masked: an applicant's {@code sub} may be an ID number), the W3C trace id
 * ({@link TraceContext}: the caller's {@code traceparent} or a new one) and the path's case id, on
 * every log line of the request ({@link LogContext}).
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  private static final String KEY = "onego.requestId";
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestIds() {}

  /** The first handler of every route. */
  public static void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = given != null && ACCEPTED.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    String traceId = TraceContext.of(ctx).traceId(); // read here, on the request's thread; log lines read the fields anywhere
    LogContext.bind(() -> fields(ctx, id, traceId));
    ctx.next();
  }

  /** The request id of {@code ctx} (set by {@link #handle}). */
  public static String of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  private static Map<String, String> fields(RoutingContext ctx, String id, String traceId) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("requestId", id);
    f.put("traceId", traceId);
    Caller caller = AuthHandler.caller(ctx);
    if (caller != null) f.put("principal", caller.role().code() + ":" + Pii.scrub(caller.id()));
    String caseId = ctx.pathParam("caseId");
    if (caseId != null) f.put("caseId", Pii.scrub(caseId));
    return f;
  }
}

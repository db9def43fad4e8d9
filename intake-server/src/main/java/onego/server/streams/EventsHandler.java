package onego.server.streams;

import io.vertx.core.json.JsonArray;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;
import onego.domain.FieldError;
import onego.server.caseapi.CaseAccess;
import onego.server.config.StreamSettings;
import onego.server.web.AuthHandler;
import onego.server.web.Caller;
import onego.server.web.PrincipalQuota;
import onego.server.web.Request;
import onego.server.web.Responses;

import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * GET /cases/{caseId}/events: the progress log as JSON, or as a live Server-Sent Events stream
 * (one of the caller's {@code streams.maxPerPrincipal} stream slots, until its token expires).
 */
public final class EventsHandler {
  private static final int MAX_PAGE = 1000;

  private final CaseAccess access;
  private final EventQueries queries;
  private final StreamSettings settings;
  private final StreamMetrics metrics;
  private final PrincipalQuota streams;

  public EventsHandler(CaseAccess access, EventQueries queries, StreamSettings settings, StreamMetrics metrics, PrincipalQuota streams) {
    this.access = access;
    this.streams = streams;
    this.queries = queries;
    this.settings = settings;
    this.metrics = metrics;
  }

  public void events(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    UUID caseId = Request.of(ctx).uuid("caseId");
    boolean sse = wantsEventStream(ctx);
    int after = sse ? resumePoint(ctx) : Request.of(ctx).integer("after");
    access.check(caller, caseId).onSuccess(c -> {
      UnaryOperator<JsonObject> redaction = EventRedaction.forCaller(caller, c.kase());
      if (sse) stream(ctx, caller, caseId, after, redaction);
      else list(ctx, caseId, after, redaction);
    }).onFailure(ctx::fail);
  }

  private void stream(RoutingContext ctx, Caller caller, UUID caseId, int after, UnaryOperator<JsonObject> redaction) {
    if (ctx.request().method() == HttpMethod.HEAD) { // the stream's headers, no stream (it would never end)
      SseSession.headers(ctx.response()).end();
      return;
    }
    Runnable release;
    try {
      release = streams.acquire(caller);
    } catch (RuntimeException full) {
      ctx.fail(full);
      return;
    }
    new SseSession(ctx, settings, metrics, redaction, AuthHandler.expiresAt(ctx), release).open(queries, caseId, after);
  }

  private void list(RoutingContext ctx, UUID caseId, int after, UnaryOperator<JsonObject> redaction) {
    queries.after(caseId, after, MAX_PAGE).onSuccess(events -> {
      JsonArray out = new JsonArray();
      events.forEach(e -> out.add(redaction.apply(e)));
      Responses.json(ctx, 200, new JsonObject().put("events", out));
    }).onFailure(e -> ctx.fail(CaseAccess.storeDown(e)));
  }

  /**
   * SSE only when the caller prefers it: the first acceptable (q > 0) media range of
   * {@code Accept}, in Vert.x Web's order (by q, then specificity, then as listed), that matches
   * JSON or an event stream decides; one matching both ({@code *}{@code /*}) or no Accept at all
   * means JSON. So {@code application/json, text/event-stream;q=0.5} gets JSON and
   * {@code text/event-stream} alone gets the stream.
   */
  private static boolean wantsEventStream(RoutingContext ctx) {
    for (MIMEHeader range : ctx.parsedHeaders().accept()) {
      if (range.weight() <= 0) continue;
      if (matches(range, "application", "json")) return false;
      if (matches(range, "text", "event-stream")) return true;
    }
    return false;
  }

  private static boolean matches(MIMEHeader range, String type, String subtype) {
    return ("*".equals(range.component()) || type.equalsIgnoreCase(range.component()))
        && ("*".equals(range.subComponent()) || subtype.equalsIgnoreCase(range.subComponent()));
  }

  /** {@code Last-Event-ID} (a reconnecting EventSource) wins over {@code ?after=}. */
  private static int resumePoint(RoutingContext ctx) {
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    if (lastEventId != null && !lastEventId.isBlank()) return seqParam(lastEventId.trim(), "Last-Event-ID");
    return Request.of(ctx).integer("after");
  }

  static int seqParam(String raw, String name) {
    if (raw == null || raw.isEmpty()) return 0;
    try {
      int n = Integer.parseInt(raw);
      if (n >= 0) return n;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw DomainError.badRequest(name + " must be a seq: a whole number, 0 or more",
        List.of(new FieldError(name, "must be a whole number >= 0")));
  }
}

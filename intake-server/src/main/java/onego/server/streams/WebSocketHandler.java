package onego.server.streams;

import io.vertx.ext.web.RoutingContext;
import onego.domain.Catalog;
import onego.domain.DomainError;
import onego.server.caseapi.CaseAccess;
import onego.server.config.StreamSettings;
import onego.server.web.AuthHandler;
import onego.server.web.Caller;
import onego.server.web.Drain;
import onego.server.web.FailureHandler;
import onego.server.web.PrincipalQuota;

/**
 * GET /ws: upgrades an authenticated request (any role) to a WebSocket carrying subscriptions (see
 * {@link WsSession}). The socket takes one of the caller's {@code streams.maxPerPrincipal} stream
 * slots (one more is 429 before the upgrade) and is closed with 1008 when the caller's token expires.
 */
public final class WebSocketHandler {
  private final CaseAccess access;
  private final EventQueries queries;
  private final Catalog catalog;
  private final StreamSettings settings;
  private final StreamMetrics metrics;
  private final FailureHandler failures;
  private final PrincipalQuota streams;

  public WebSocketHandler(CaseAccess access, EventQueries queries, Catalog catalog, StreamSettings settings, StreamMetrics metrics,
                          FailureHandler failures, PrincipalQuota streams) {
    this.failures = failures;
    this.streams = streams;
    this.access = access;
    this.queries = queries;
    this.catalog = catalog;
    this.settings = settings;
    this.metrics = metrics;
  }

  public void upgrade(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!ctx.request().canUpgradeToWebSocket()) throw DomainError.badRequest("GET /ws expects a WebSocket upgrade");
    Runnable release = streams.acquire(caller);
    ctx.request().toWebSocket()
        .onSuccess(ws -> {
          WsSession session = new WsSession(ws, caller, ctx.vertx(), access, queries, catalog, settings, metrics, failures);
          session.onClose(release);
          session.start();
          session.closeAt(AuthHandler.expiresAt(ctx));
          session.closeOnDrain(Drain.of(ctx));
        })
        .onFailure(e -> {
          release.run();
          ctx.fail(e);
        });
  }
}

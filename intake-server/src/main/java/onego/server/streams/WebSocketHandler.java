package onego.server.streams;

import io.vertx.ext.web.RoutingContext;
import onego.domain.Catalog;
import onego.domain.DomainError;
import onego.server.cases.CaseAccess;
import onego.server.config.StreamSettings;
import onego.server.web.AuthHandler;
import onego.server.web.Caller;
import onego.server.web.FailureHandler;

/** GET /ws: upgrades an authenticated request (any role) to a WebSocket carrying subscriptions (see {@link WsSession}). */
public final class WebSocketHandler {
  private final CaseAccess access;
  private final EventQueries queries;
  private final Catalog catalog;
  private final StreamSettings settings;
  private final StreamMetrics metrics;
  private final FailureHandler failures;

  public WebSocketHandler(CaseAccess access, EventQueries queries, Catalog catalog, StreamSettings settings, StreamMetrics metrics,
                          FailureHandler failures) {
    this.failures = failures;
    this.access = access;
    this.queries = queries;
    this.catalog = catalog;
    this.settings = settings;
    this.metrics = metrics;
  }

  public void upgrade(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!ctx.request().canUpgradeToWebSocket()) throw DomainError.badRequest("GET /ws expects a WebSocket upgrade");
    ctx.request().toWebSocket()
        .onSuccess(ws -> new WsSession(ws, caller, ctx.vertx(), access, queries, catalog, settings, metrics, failures).start())
        .onFailure(ctx::fail);
  }
}

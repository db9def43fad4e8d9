package onego.server.streams;

import onego.server.cases.CaseAccess;

import io.vertx.ext.web.RoutingContext;
import onego.domain.Catalog;
import onego.server.auth.Caller;
import onego.server.http.ApiError;
import onego.server.http.AuthHandler;

/** GET /ws: upgrades an authenticated request to a WebSocket carrying subscriptions (see {@link WsSession}). */
public final class WebSocketHandler {
  private final CaseAccess access;
  private final EventQueries queries;
  private final Catalog catalog;
  private final StreamSettings settings;
  private final StreamMetrics metrics;

  public WebSocketHandler(CaseAccess access, EventQueries queries, Catalog catalog, StreamSettings settings, StreamMetrics metrics) {
    this.access = access;
    this.queries = queries;
    this.catalog = catalog;
    this.settings = settings;
    this.metrics = metrics;
  }

  public void upgrade(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!ctx.request().canUpgradeToWebSocket()) throw ApiError.badRequest("GET /ws expects a WebSocket upgrade");
    ctx.request().toWebSocket()
        .onSuccess(ws -> new WsSession(ws, caller, ctx.vertx(), access, queries, catalog, settings, metrics).start())
        .onFailure(ctx::fail);
  }
}

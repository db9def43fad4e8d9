package onego.server.hotline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;
import onego.domain.Times;
import onego.server.audit.Actors;
import onego.server.caseapi.CaseAccess;
import onego.server.web.AuthHandler;
import onego.server.web.Caller;
import onego.server.web.Request;
import onego.server.web.Responses;

import java.time.ZoneId;
import java.util.UUID;

/** {@code POST /hotline/cases/{caseId}/urge} {@code {"itemId"?, "note"}} (催办; hotline, admin): 201 with the items urged. */
public final class UrgeHandler {
  private final UrgeStore store;
  private final ZoneId zone;

  public UrgeHandler(UrgeStore store, ZoneId zone) {
    this.store = store;
    this.zone = zone;
  }

  public void urge(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    Request in = Request.of(ctx);
    JsonObject body = in.body(); // checked against the documented schema
    UUID itemId;
    try {
      itemId = body.getString("itemId") == null ? null : UUID.fromString(body.getString("itemId"));
    } catch (IllegalArgumentException e) {
      throw DomainError.invalid("itemId", "must be a UUID");
    }
    store.urge(in.uuid("caseId"), itemId, body.getString("note"), caller.id(), Actors.of(caller))
        .onSuccess(u -> Responses.json(ctx, 201, new JsonObject().put("caseId", u.caseId().toString())
            .put("at", Times.format(Times.in(u.at(), zone)))
            .put("items", new JsonArray(u.items().stream().map(i -> new JsonObject().put("itemId", i.itemId().toString())
                .put("code", i.code()).put("department", i.department()).put("seq", i.seq())).toList()))))
        .onFailure(e -> ctx.fail(CaseAccess.storeDown(e)));
  }
}

package onego.server.ratings;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.Times;
import onego.server.audit.Actors;
import onego.server.caseapi.CaseAccess;
import onego.server.web.AuthHandler;
import onego.server.web.Caller;
import onego.server.web.Request;
import onego.server.web.Responses;

import java.time.ZoneId;
import java.util.UUID;

/**
 * 好差评 (openapi.yaml, tag Ratings): {@code POST /cases/{caseId}/rating} (the whole case and its channel)
 * and {@code POST /cases/{caseId}/items/{itemId}/rating} (one item's department), each by the applicant
 * or the submitting channel; others who may not see the case get 404.
 */
public final class RatingHandler {
  private final CaseAccess access;
  private final RatingStore store;
  private final ZoneId zone;

  public RatingHandler(CaseAccess access, RatingStore store, ZoneId zone) {
    this.access = access;
    this.store = store;
    this.zone = zone;
  }

  /** Rates a finished case: 201 with openapi.yaml {@code Rating}; 409 before it ended or when rated already. */
  public void rate(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    UUID caseId = Request.of(ctx).uuid("caseId");
    JsonObject body = Request.of(ctx).body(); // checked against the documented schema: score 1..5, comment, nothing else
    RatingStore.Rating rating = new RatingStore.Rating(caseId, body.getInteger("score"), body.getString("comment"), caller.id());
    access.check(caller, caseId).compose(c -> store.rate(rating, Actors.of(caller)))
        .onSuccess(rated -> Responses.json(ctx, 201, rated(rated)))
        .onFailure(e -> ctx.fail(CaseAccess.storeDown(e)));
  }

  /** Rates one item: 201 with openapi.yaml {@code Rating} (with {@code itemId}); 409 before ACCEPTED or when rated already. */
  public void rateItem(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    Request in = Request.of(ctx);
    UUID caseId = in.uuid("caseId");
    JsonObject body = in.body(); // checked against the documented schema
    RatingStore.Rating rating = new RatingStore.Rating(caseId, in.uuid("itemId"), body.getInteger("score"), body.getString("comment"), caller.id());
    access.check(caller, caseId).compose(c -> store.rateItem(rating, Actors.of(caller)))
        .onSuccess(rated -> Responses.json(ctx, 201, rated(rated)))
        .onFailure(e -> ctx.fail(CaseAccess.storeDown(e)));
  }

  /** openapi.yaml {@code Rating}: the stored rating with its event's {@code seq}. */
  private JsonObject rated(RatingStore.Rated r) {
    JsonObject out = new JsonObject()
        .put("caseId", r.rating().caseId().toString());
    if (r.rating().itemId() != null) out.put("itemId", r.rating().itemId().toString()).put("department", r.departments().get(0));
    else out.put("channel", r.channel());
    return out
        .put("score", r.rating().score())
        .put("comment", r.rating().comment())
        .put("departments", new JsonArray(r.departments()))
        .put("complaintId", r.complaintId() == null ? null : r.complaintId().toString())
        .put("createdAt", Times.format(Times.in(r.createdAt(), zone)))
        .put("seq", r.seq());
  }
}

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

/** 好差评: POST /cases/{caseId}/rating (the applicant or the submitting channel) and GET /supervision/complaints (admin). */
public final class RatingHandler {
  private static final int COMPLAINTS_LIMIT = 500;

  private final CaseAccess access;
  private final RatingStore store;
  private final ZoneId zone;

  public RatingHandler(CaseAccess access, RatingStore store, ZoneId zone) {
    this.access = access;
    this.store = store;
    this.zone = zone;
  }

  public void rate(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    UUID caseId = Request.of(ctx).uuid("caseId");
    JsonObject body = Request.of(ctx).body(); // checked against the documented schema: score 1..5, comment, nothing else
    RatingStore.Rating rating = new RatingStore.Rating(caseId, body.getInteger("score"), body.getString("comment"), caller.id());
    access.check(caller, caseId).compose(c -> store.rate(rating, Actors.of(caller)))
        .onSuccess(rated -> Responses.json(ctx, 201, rated(rated)))
        .onFailure(e -> ctx.fail(CaseAccess.storeDown(e)));
  }

  public void complaints(RoutingContext ctx) {
    store.openComplaints(COMPLAINTS_LIMIT)
        .onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("complaints",
            new JsonArray(list.stream().map(this::complaint).toList()))))
        .onFailure(e -> ctx.fail(CaseAccess.storeDown(e)));
  }

  /** openapi.yaml {@code Rating}: the stored rating with its event's {@code seq}. */
  private JsonObject rated(RatingStore.Rated r) {
    return new JsonObject()
        .put("caseId", r.rating().caseId().toString())
        .put("score", r.rating().score())
        .put("comment", r.rating().comment())
        .put("departments", new JsonArray(r.departments()))
        .put("complaintId", r.complaintId() == null ? null : r.complaintId().toString())
        .put("createdAt", Times.format(Times.in(r.createdAt(), zone)))
        .put("seq", r.seq());
  }

  /** openapi.yaml {@code Complaint}. */
  private JsonObject complaint(RatingStore.Complaint c) {
    return new JsonObject()
        .put("complaintId", c.complaintId().toString())
        .put("caseId", c.caseId().toString())
        .put("thing", c.thing())
        .put("channel", c.channel())
        .put("score", c.score())
        .put("comment", c.comment())
        .put("departments", new JsonArray(c.departments()))
        .put("status", c.status())
        .put("createdAt", Times.format(Times.in(c.createdAt(), zone)));
  }
}

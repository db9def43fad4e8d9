package onego.server.ratings;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;
import onego.domain.FieldError;
import onego.domain.Times;
import onego.server.audit.Actors;
import onego.server.caseapi.CaseAccess;
import onego.server.web.AuthHandler;
import onego.server.web.Bodies;
import onego.server.web.Caller;
import onego.server.web.Responses;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** 好差评: POST /cases/{caseId}/rating (the applicant or the submitting channel) and GET /supervision/complaints (admin). */
public final class RatingHandler {
  static final int MAX_COMMENT = 1000;
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
    UUID caseId = CaseAccess.caseId(ctx.pathParam("caseId"));
    JsonObject body = Bodies.json(ctx);
    RatingStore.Rating rating = validate(body, caseId, caller);
    access.check(caller, caseId).compose(c -> store.rate(rating, Actors.of(caller)))
        .onSuccess(rated -> Responses.json(ctx, 201, rated(rated)))
        .onFailure(e -> ctx.fail(CaseAccess.storeDown(e)));
  }

  private RatingStore.Rating validate(JsonObject body, UUID caseId, Caller caller) {
    List<FieldError> errors = new ArrayList<>();
    Object score = body.getValue("score");
    boolean whole = score instanceof Integer || score instanceof Long
        || (score instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()));
    if (score == null) errors.add(new FieldError("score", "required"));
    else if (!whole) errors.add(new FieldError("score", "must be a whole number from 1 to 5"));
    else if (((Number) score).doubleValue() < 1 || ((Number) score).doubleValue() > 5) errors.add(new FieldError("score", "must be from 1 to 5"));
    Object comment = body.getValue("comment");
    if (comment != null && !(comment instanceof String)) errors.add(new FieldError("comment", "must be a string"));
    else if (comment != null && ((String) comment).length() > MAX_COMMENT) errors.add(new FieldError("comment", "at most " + MAX_COMMENT + " characters"));
    for (String name : body.fieldNames()) {
      if (!name.equals("score") && !name.equals("comment")) errors.add(new FieldError(name, "unknown field"));
    }
    if (!errors.isEmpty()) throw DomainError.invalid(errors);
    return new RatingStore.Rating(caseId, ((Number) score).intValue(), (String) comment, caller.id());
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

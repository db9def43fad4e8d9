package onego.server.ratings;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.FieldError;
import onego.domain.Times;
import onego.router.events.EventPublisher;
import onego.server.auth.Caller;
import onego.server.auth.Caller.Role;
import onego.server.http.ApiError;
import onego.server.http.AuthHandler;
import onego.server.http.Bodies;
import onego.server.http.Responses;
import onego.server.cases.CaseAccess;

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
  private final EventPublisher publisher;
  private final ZoneId zone;

  public RatingHandler(CaseAccess access, RatingStore store, EventPublisher publisher, ZoneId zone) {
    this.access = access;
    this.store = store;
    this.publisher = publisher;
    this.zone = zone;
  }

  public void rate(RoutingContext ctx) {
    Caller caller = AuthHandler.require(ctx, Role.APPLICANT, Role.CHANNEL);
    UUID caseId = CaseAccess.caseId(ctx.pathParam("caseId"));
    JsonObject body = Bodies.json(ctx);
    RatingStore.Rating rating = validate(body, caseId, caller);
    access.check(caller, caseId).compose(c -> store.rate(rating)).onSuccess(outcome -> {
      if (outcome instanceof RatingStore.Outcome.Rated r) {
        publisher.publish(r.events());
        Responses.json(ctx, 201, r.rating());
      } else if (outcome instanceof RatingStore.Outcome.NotFinished n) {
        ctx.fail(ApiError.conflict("the case is " + n.status() + "; it can be rated once it is COMPLETED or REJECTED"));
      } else if (outcome instanceof RatingStore.Outcome.AlreadyRated) {
        ctx.fail(ApiError.conflict("this case has been rated already; a case is rated once"));
      } else {
        ctx.fail(ApiError.notFound("no case " + caseId));
      }
    }).onFailure(e -> ctx.fail(e instanceof ApiError a ? a : access.storeDown(e)));
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
    if (!errors.isEmpty()) throw ApiError.validation(errors);
    return new RatingStore.Rating(caseId, ((Number) score).intValue(), (String) comment, caller.id(), Times.now(zone));
  }

  public void complaints(RoutingContext ctx) {
    AuthHandler.require(ctx, Role.ADMIN);
    store.openComplaints(COMPLAINTS_LIMIT, zone)
        .onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("complaints", new JsonArray(list))))
        .onFailure(e -> ctx.fail(access.storeDown(e)));
  }
}

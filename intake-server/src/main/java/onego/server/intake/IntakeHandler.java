package onego.server.intake;

import io.vertx.ext.web.RoutingContext;
import onego.server.web.ApiError;
import onego.server.web.AuthHandler;
import onego.server.web.CaseLinks;
import onego.server.web.Request;
import onego.server.web.Responses;

/** POST /cases: reads the key and the body, calls {@link Intake}, answers 201 (or the replayed answer). */
public final class IntakeHandler {
  private static final int MAX_KEY_LENGTH = 255;

  private final Intake intake;

  public IntakeHandler(Intake intake) {
    this.intake = intake;
  }

  public void submit(RoutingContext ctx) {
    String key = idempotencyKey(ctx);
    intake.submit(AuthHandler.caller(ctx), key, Request.of(ctx).body(), onego.server.web.TraceContext.of(ctx).traceparent()).onSuccess(outcome -> {
      if (Responses.answered(ctx)) return; // answered 503 at its deadline; a retry with the key gets this outcome
      if (outcome instanceof IntakeOutcome.Created c) {
        ctx.response().putHeader("Location", CaseLinks.self(c.body().getString("caseId")));
        Responses.json(ctx, 201, c.text());
      } else if (outcome instanceof IntakeOutcome.Replayed r) {
        ctx.response().putHeader("Idempotency-Replayed", "true");
        if (r.body().containsKey("caseId")) ctx.response().putHeader("Location", CaseLinks.self(r.body().getString("caseId")));
        Responses.json(ctx, r.status(), r.body());
      }
    }).onFailure(ctx::fail);
  }

  /** Required, at most 255 characters of printable ASCII (IETF Idempotency-Key). */
  static String idempotencyKey(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    String problem = null;
    if (key == null || key.isEmpty()) problem = "the Idempotency-Key header is required";
    else if (key.length() > MAX_KEY_LENGTH) problem = "Idempotency-Key must be at most " + MAX_KEY_LENGTH + " characters";
    else if (!key.chars().allMatch(ch -> ch >= 0x20 && ch <= 0x7e)) problem = "Idempotency-Key must be printable ASCII";
    if (problem != null) throw new ApiError(400, "IDEMPOTENCY_KEY_MISSING", problem);
    return key;
  }
}

package onego.server.logistics;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;
import onego.router.cases.Shipments;
import onego.server.config.LogisticsSettings;
import onego.server.web.ApiError;
import onego.server.web.Request;
import onego.server.web.Responses;

/**
 * {@code POST /api/v1/logistics/callbacks}: the logistics service reports an EMS parcel's state
 * (一次送达 by EMS邮寄, 衡阳 优化"一次办" 2), {@code {"waybill", "status": "IN_TRANSIT|OUT_FOR_DELIVERY|SIGNED", "at"?}}
 * (the body checked against the documented schema), signed per Standard Webhooks with
 * {@code logistics.secret}. No bearer token: the signature is the credential. Answers 401 UNAUTHORIZED
 * for a missing, forged or stale signature (timestamp more than 5 minutes off: a replay) and when no
 * logistics service is configured; 404 NOT_FOUND for a waybill OneGo did not issue a delivery for; 200
 * {@code {"waybill", "status", "applied"}} otherwise, where {@code applied} is false for a repeated
 * {@code webhook-id} (idempotent: nothing changes twice) or a report after SIGNED.
 */
public final class LogisticsHandler {
  private final java.util.List<String> secrets;
  private final Shipments shipments;

  public LogisticsHandler(LogisticsSettings settings, Shipments shipments) {
    this.secrets = settings.secret() == null ? java.util.List.of() : java.util.List.of(settings.secret());
    this.shipments = shipments;
  }

  public void callback(RoutingContext ctx) {
    var headers = ctx.request().headers();
    String id = headers.get("webhook-id");
    boolean verified = onego.router.dispatch.WebhookVerification.verifies(secrets, id, headers.get("webhook-timestamp"),
        headers.get("webhook-signature"), ctx.body().asString(), System.currentTimeMillis() / 1000, onego.router.dispatch.WebhookVerification.TOLERANCE_SECONDS);
    if (!verified) {
      ctx.fail(ApiError.unauthorized("logistics callback without a valid Standard Webhooks signature (forged, stale or replayed)"));
      return;
    }
    if (id.length() > 200) {
      ctx.fail(DomainError.invalid("webhook-id", "must be at most 200 characters"));
      return;
    }
    JsonObject body = Request.of(ctx).body(); // the documented schema: waybill, status (one of Shipments.REPORTED), at
    String waybill = body.getString("waybill");
    String status = body.getString("status");
    shipments.track(id, waybill, status).onSuccess(t -> {
      if (t == Shipments.Tracked.UNKNOWN_WAYBILL) {
        ctx.fail(DomainError.notFound("no delivery has waybill " + waybill));
        return;
      }
      Responses.json(ctx, 200, new JsonObject().put("waybill", waybill).put("status", status).put("applied", t == Shipments.Tracked.APPLIED));
    }).onFailure(ctx::fail);
  }
}

package onego.server.hotline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.AuditAction;
import onego.domain.DomainError;
import onego.domain.FieldError;
import onego.domain.IdNumbers;
import onego.domain.Phones;
import onego.domain.Times;
import onego.server.audit.AuditTrail;
import onego.server.web.AuthHandler;
import onego.server.web.Request;
import onego.server.web.Responses;

import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * 12345 hotline look-ups (hotline and admin roles): one case, or an applicant's recent cases by ID
 * number or phone. Each look-up that finds something is on record in the audit trail (who, which
 * case or whose number) before it is answered.
 */
public final class HotlineHandler {
  static final String SOURCE_HEADER = "X-Status-Source";
  private static final int RECENT = 20;

  private final HotlineService service;
  private final HotlineView view;
  private final ZoneId zone;
  private final AuditTrail audit;

  public HotlineHandler(HotlineService service, HotlineView view, ZoneId zone, AuditTrail audit) {
    this.service = service;
    this.view = view;
    this.zone = zone;
    this.audit = audit;
  }

  public void caseStatus(RoutingContext ctx) {
    UUID caseId = Request.of(ctx).uuid("caseId");
    String raw = ctx.pathParam("caseId"); // as given, for the 404's message
    service.byCase(caseId).onSuccess(found -> {
      if (found.isEmpty()) {
        ctx.fail(DomainError.notFound("no case " + raw));
        return;
      }
      audit.read(AuthHandler.caller(ctx), AuditAction.HOTLINE_CASE_READ, null, caseId, "case:" + caseId, new JsonObject()).onSuccess(v -> {
        ctx.response().putHeader(SOURCE_HEADER, found.get().source());
        Responses.json(ctx, 200, view.render(found.get().views().get(0), Times.now(zone)));
      }).onFailure(ctx::fail);
    }).onFailure(e -> ctx.fail(DomainError.unavailable("the case store", e)));
  }

  public void search(RoutingContext ctx) {
    String idNumber = IdNumbers.normalize(Request.of(ctx).text("idNumber")); // a credit code normalises the same way
    String phone = Phones.normalize(Request.of(ctx).text("phone"));
    if ((idNumber == null) == (phone == null)) {
      throw DomainError.badRequest("give exactly one of idNumber or phone",
          List.of(new FieldError(idNumber == null ? "idNumber" : "phone", "exactly one of idNumber, phone")));
    }
    var lookup = idNumber != null ? service.byIdNumber(idNumber, RECENT) : service.byPhone(phone, RECENT);
    lookup.onSuccess(found -> {
      JsonArray ids = new JsonArray(found.views().stream().map(v -> v.caseId().toString()).toList());
      audit.read(AuthHandler.caller(ctx), AuditAction.HOTLINE_SEARCH, idNumber != null ? idNumber : phone, null, "hotline:search",
          new JsonObject().put("by", idNumber != null ? "idNumber" : "phone").put("cases", ids)).onSuccess(v -> {
        JsonArray cases = new JsonArray();
        var now = Times.now(zone);
        found.views().forEach(sv -> cases.add(view.render(sv, now)));
        ctx.response().putHeader(SOURCE_HEADER, found.source());
        Responses.json(ctx, 200, new JsonObject().put("cases", cases));
      }).onFailure(ctx::fail);
    }).onFailure(e -> ctx.fail(DomainError.unavailable("the case store", e)));
  }
}

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
import onego.router.federation.FederationStore;
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

  private final FederationStore federation;

  /** {@code federation}: the items peer platforms handle (跨省通办), shown as each item's {@code handledBy}. */
  public HotlineHandler(HotlineService service, HotlineView view, ZoneId zone, AuditTrail audit, FederationStore federation) {
    this.federation = federation;
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
      audit.read(AuthHandler.caller(ctx), AuditAction.HOTLINE_CASE_READ, null, caseId, "case:" + caseId, new JsonObject())
          .compose(v -> federation.handledBy(List.of(caseId))).onSuccess(handled -> {
        StatusView sv = found.get().views().get(0);
        ctx.response().putHeader(SOURCE_HEADER, found.get().source());
        Responses.json(ctx, 200, withHandledBy(view.render(sv, Times.now(zone)), sv, handled));
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
          new JsonObject().put("by", idNumber != null ? "idNumber" : "phone").put("cases", ids))
          .compose(v -> federation.handledBy(found.views().stream().map(StatusView::caseId).toList())).onSuccess(handled -> {
        JsonArray cases = new JsonArray();
        var now = Times.now(zone);
        found.views().forEach(sv -> cases.add(withHandledBy(view.render(sv, now), sv, handled)));
        ctx.response().putHeader(SOURCE_HEADER, found.source());
        Responses.json(ctx, 200, new JsonObject().put("cases", cases));
      }).onFailure(ctx::fail);
    }).onFailure(e -> ctx.fail(DomainError.unavailable("the case store", e)));
  }

  /**
   * 跨省通办: {@code handledBy} {@code {platform, caseId}} on each item of the rendered case a peer platform
   * handles (matched by item code, unique in a case); neither the province code nor the peer's case id is personal data.
   */
  static JsonObject withHandledBy(JsonObject rendered, StatusView sv, List<FederationStore.Handled> handled) {
    JsonArray items = rendered.getJsonArray("items");
    for (FederationStore.Handled h : handled) {
      if (!h.caseId().equals(sv.caseId())) continue;
      // the rendered items are the view's, in its order
      for (int k = 0; k < sv.items().size() && k < items.size(); k++) {
        if (h.code().equals(sv.items().get(k).code())) items.getJsonObject(k).put("handledBy", h.json());
      }
    }
    return rendered;
  }
}

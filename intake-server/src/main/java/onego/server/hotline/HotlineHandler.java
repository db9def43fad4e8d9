package onego.server.hotline;

import io.vertx.core.Future;
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

import java.time.OffsetDateTime;
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
  private final HotlineAnswers answers;

  /**
   * {@code federation}: the items peer platforms handle (跨省通办), shown as each item's {@code handledBy};
   * {@code answers}: rendered case answers by view version.
   */
  public HotlineHandler(HotlineService service, HotlineView view, ZoneId zone, AuditTrail audit, FederationStore federation,
                        HotlineAnswers answers) {
    this.federation = federation;
    this.answers = answers;
    this.service = service;
    this.view = view;
    this.zone = zone;
    this.audit = audit;
  }

  /**
   * One case: when the version Redis holds is among the rendered {@link HotlineAnswers}, those bytes; else the view
   * (Redis, or PostgreSQL), rendered with {@code handledBy} and kept under its version. Audited before answering, either way.
   */
  public void caseStatus(RoutingContext ctx) {
    UUID caseId = Request.of(ctx).uuid("caseId");
    String raw = ctx.pathParam("caseId"); // as given, for the 404's message
    service.version(caseId).onSuccess(seq -> {
      byte[] kept = seq == null ? null : answers.get(caseId, seq);
      if (kept != null) {
        answerAudited(ctx, caseId, kept, "redis");
        return;
      }
      service.byCase(caseId).onSuccess(found -> {
        if (found.isEmpty()) {
          ctx.fail(DomainError.notFound("no case " + raw));
          return;
        }
        StatusView sv = found.get().views().get(0);
        byte[] same = answers.get(caseId, sv.lastSeq());
        if (same != null) {
          answerAudited(ctx, caseId, same, found.get().source());
          return;
        }
        auditRead(ctx, caseId).compose(v -> federation.handledBy(List.of(caseId))).onSuccess(handled -> {
          OffsetDateTime now = Times.now(zone);
          byte[] body = withHandledBy(view.render(sv, now), sv, handled).toBuffer().getBytes();
          answers.put(caseId, sv.lastSeq(), body, now, view.changesAt(sv, now));
          answer(ctx, body, found.get().source());
        }).onFailure(ctx::fail);
      }).onFailure(e -> ctx.fail(DomainError.unavailable("the case store", e)));
    });
  }

  private Future<Void> auditRead(RoutingContext ctx, UUID caseId) {
    return audit.read(AuthHandler.caller(ctx), AuditAction.HOTLINE_CASE_READ, null, caseId, "case:" + caseId, new JsonObject());
  }

  private void answerAudited(RoutingContext ctx, UUID caseId, byte[] body, String source) {
    auditRead(ctx, caseId).onSuccess(v -> answer(ctx, body, source)).onFailure(ctx::fail);
  }

  private static void answer(RoutingContext ctx, byte[] body, String source) {
    if (Responses.answered(ctx)) return;
    ctx.response().putHeader(SOURCE_HEADER, source);
    Responses.json(ctx, 200, body);
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
        if (Responses.answered(ctx)) return;
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

package onego.server.caseapi;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.AuditAction;
import onego.domain.DomainError;
import onego.domain.IdNumbers;
import onego.router.cases.CaseReads;
import onego.router.federation.FederationStore;
import onego.server.audit.AuditTrail;
import onego.server.web.AuthHandler;
import onego.server.web.Caller.Role;
import onego.server.web.Caller;
import onego.server.web.Request;
import onego.server.web.Responses;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reading cases (进度一网可查): one case, and an applicant's cases (一人一档). Staff reads (hotline,
 * admin) of a case and admin or channel reads of an applicant's cases are on record in the audit
 * trail before they are answered.
 */
public final class CaseHandler {
  private final CaseReads reads;
  private final CaseAccess access;
  private final CaseView view;
  private final AuditTrail audit;
  private final FederationStore federation;

  /** {@code federation}: where items handed to a peer platform are handled (跨省通办: each such item's {@code handledBy}). */
  public CaseHandler(CaseReads reads, CaseAccess access, CaseView view, AuditTrail audit, FederationStore federation) {
    this.federation = federation;
    this.reads = reads;
    this.access = access;
    this.view = view;
    this.audit = audit;
  }

  /**
   * GET /cases/{caseId}: the full case, or masked for the hotline; 404 for a case the caller may not
   * see. A window or community channel naming the person it serves ({@link ServedPerson}) also
   * sees that person's cases from every channel, each read on record with purpose
   * {@value ServedPerson#PURPOSE}.
   */
  public void get(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String served = ServedPerson.of(ctx, caller);
    access.check(caller, served, Request.of(ctx).uuid("caseId"))
        .compose(c -> {
          if (served != null) {
            return audit.read(caller, AuditAction.CASE_READ, served, c.kase().caseId(), ServedPerson.PURPOSE,
                new JsonObject().put("as", ServedPerson.as(served, c))).map(c);
          }
          return !caller.is(Role.HOTLINE) && !caller.is(Role.ADMIN) ? Future.succeededFuture(c)
              : audit.read(caller, AuditAction.CASE_READ, c.kase().applicantId(), c.kase().caseId(), "case:" + c.kase().caseId(), new JsonObject()).map(c);
        })
        .compose(c -> federation.handledBy(c.kase().caseId()).map(handled -> {
          JsonObject out = caller.is(Role.HOTLINE) ? view.masked(c) : view.full(c, !caller.is(Role.ADMIN));
          return withHandledBy(out, handled);
        }))
        .onSuccess(out -> Responses.json(ctx, 200, out))
        .onFailure(ctx::fail);
  }

  /**
   * GET /applicants/{idNumber}/cases: applicants their own; a channel the ones it submitted; admin
   * all. A window or community channel naming the person it serves ({@link ServedPerson}) reads
   * that person's cases from every channel, as applicant or as agent (一人一档 across the hall);
   * a path naming anyone else is 403; the read is on record with purpose {@value ServedPerson#PURPOSE}.
   */
  public void byApplicant(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String applicantId = IdNumbers.normalize(Request.of(ctx).text("idNumber")); // a credit code normalises the same way
    if (caller.is(Role.APPLICANT) && !applicantId.equals(caller.sub())) throw DomainError.forbidden("applicants see only their own cases");
    String served = ServedPerson.of(ctx, caller);
    if (served != null && !served.equals(applicantId)) {
      throw DomainError.forbidden("a window sees the cases of the person it serves (" + ServedPerson.HEADER + ") only");
    }
    int limit = Request.of(ctx).integer("limit");
    CaseCursor before = Request.of(ctx).get("before");
    String submittedBy = caller.is(Role.CHANNEL) ? caller.id() : null;
    OffsetDateTime beforeAt = before == null ? null : before.createdAt();
    UUID beforeId = before == null ? null : before.caseId();
    // one more than the page: whether a next page exists, without a count
    boolean[] more = {false};
    (served != null ? reads.byPerson(served, limit + 1, beforeAt, beforeId) : reads.byApplicant(applicantId, submittedBy, limit + 1, beforeAt, beforeId))
        .map(found -> {
          more[0] = found.size() > limit;
          return more[0] ? found.subList(0, limit) : found;
        })
        .compose(cases -> caller.is(Role.APPLICANT) ? Future.succeededFuture(cases)
        : audit.read(caller, AuditAction.APPLICANT_CASES_READ, applicantId, null, served != null ? ServedPerson.PURPOSE : "applicant:cases",
            new JsonObject().put("cases", new JsonArray(cases.stream().map(c -> c.kase().caseId().toString()).toList()))).map(cases))
        .compose(cases -> federation.handledBy(cases.stream().map(c -> c.kase().caseId()).toList()).map(handled -> {
          // 跨省通办: each item a peer platform handles carries its handledBy, as in GET /cases/{caseId}
          Map<UUID, JsonObject> byItem = new HashMap<>();
          handled.forEach(hb -> byItem.put(hb.itemId(), hb.json()));
          JsonArray out = new JsonArray();
          cases.forEach(c -> out.add(withHandledBy(view.full(c, !caller.is(Role.ADMIN)), byItem)));
          return Map.entry(cases, out);
        }))
        .onSuccess(found -> {
      var cases = found.getKey();
      JsonArray out = found.getValue();
      String next = null;
      if (more[0]) {
        var last = cases.get(cases.size() - 1).kase();
        next = new CaseCursor(last.createdAt(), last.caseId()).token();
      }
      Responses.json(ctx, 200, new JsonObject().put("cases", out).put("next", next));
    }).onFailure(ctx::fail);
  }

  /** Puts {@code handledBy} on each item of the case JSON {@code out} a peer platform handles (跨省通办). */
  private static JsonObject withHandledBy(JsonObject out, Map<UUID, JsonObject> handled) {
    if (handled.isEmpty() || out.getJsonArray("items") == null) return out;
    out.getJsonArray("items").forEach(i -> {
      JsonObject item = (JsonObject) i;
      JsonObject by = item.getString("itemId") == null ? null : handled.get(UUID.fromString(item.getString("itemId")));
      if (by != null) item.put("handledBy", by);
    });
    return out;
  }
}

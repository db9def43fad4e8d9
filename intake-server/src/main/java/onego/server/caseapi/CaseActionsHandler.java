package onego.server.caseapi;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.Catalog;
import onego.domain.DomainError;
import onego.domain.ItemSpec;
import onego.domain.Thing;
import onego.router.cases.CaseReads.CaseFile;
import onego.router.cases.ItemFlow;
import onego.router.cases.ItemRow;
import onego.router.cases.ObligationRow;
import io.vertx.core.json.JsonArray;
import onego.domain.AuditAction;
import onego.server.audit.Actors;
import onego.server.audit.AuditTrail;
import onego.server.intake.SubmissionValidator;
import onego.server.web.AuthHandler;
import onego.server.web.Caller;
import onego.server.web.Request;
import onego.server.web.Responses;

import java.util.UUID;

/** What the applicant (or the channel acting for them) does to a case after intake: 补正, 容缺 materials handed in, withdrawal. */
public final class CaseActionsHandler {
  private final Catalog catalog;
  private final CaseAccess access;
  private final SubmissionValidator validator;
  private final ItemFlow flow;
  private final CaseView view;
  private final AuditTrail audit;

  public CaseActionsHandler(Catalog catalog, CaseAccess access, SubmissionValidator validator, ItemFlow flow, CaseView view, AuditTrail audit) {
    this.view = view;
    this.audit = audit;
    this.catalog = catalog;
    this.access = access;
    this.validator = validator;
    this.flow = flow;
  }

  /**
   * 补正: a RETURNED item's supplement (the filing channel, the applicant; a window or community
   * channel for the person it serves, {@link ServedPerson}, whichever channel filed the case):
   * 200 with the item, QUEUED again. Not RETURNED 409; a case the caller may not act on 404.
   */
  public void supplement(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String served = ServedPerson.of(ctx, caller);
    UUID itemId = Request.of(ctx).uuid("itemId");
    JsonObject body = Request.of(ctx).body();
    access.check(caller, served, Request.of(ctx).uuid("caseId")).compose(c -> {
      ItemRow item = c.items().stream().filter(i -> i.itemId().equals(itemId)).findFirst()
          .orElseThrow(() -> DomainError.notFound("no item " + itemId + " in case " + c.kase().caseId()));
      Thing thing = catalog.thing(c.kase().thing()).orElseThrow();
      ItemSpec spec = thing.item(item.code()).orElseThrow();
      SubmissionValidator.Supplement s = validator.validateSupplement(thing, spec, body, c.kase().applicantId());
      return flow.supplement(Actors.of(caller), c.kase().caseId(), itemId, s.form(), s.materials())
          .compose(answer -> assisted(caller, served, c, AuditAction.SUPPLEMENT_SUBMITTED, new JsonObject().put("itemId", itemId.toString())).map(answer));
    }).onSuccess(item -> Responses.json(ctx, 200, view.item(item))).onFailure(ctx::fail);
  }

  /**
   * 容缺: owed materials handed in (the filing channel, the applicant; a window or community channel
   * for the person it serves, {@link ServedPerson}, whichever channel filed the case): 200 with the case's {@code owed} list after it. Not owed 422; withdrawn 409.
   */
  public void supplyMaterials(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String served = ServedPerson.of(ctx, caller);
    JsonObject body = Request.of(ctx).body();
    access.check(caller, served, Request.of(ctx).uuid("caseId")).compose(c -> {
      Thing thing = catalog.thing(c.kase().thing()).orElseThrow();
      JsonArray materials = validator.validateOwedMaterials(thing, body);
      return flow.supplyMaterials(Actors.of(caller), c.kase().caseId(), materials)
          .compose(after -> assisted(caller, served, c, AuditAction.MATERIALS_SUPPLIED, new JsonObject()
              .put("materials", new JsonArray(materials.stream().map(m -> ((JsonObject) m).getString("code")).toList()))).map(after))
          .map(after -> new JsonObject().put("caseId", c.kase().caseId().toString())
              .put("owed", view.followUps(after, ObligationRow.WAIVER)));
    }).onSuccess(out -> Responses.json(ctx, 200, out)).onFailure(ctx::fail);
  }

  public void withdraw(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    ownCase(ctx, caller).compose(c -> flow.withdraw(Actors.of(caller), c.kase().caseId()))
        .onSuccess(k -> Responses.json(ctx, 200, new JsonObject().put("caseId", k.caseId().toString()).put("status", k.status().name())))
        .onFailure(ctx::fail);
  }

  /**
   * For a write done for a served person: one more audit row beside the change's own (which the
   * case transaction wrote), naming the person and purpose {@value ServedPerson#PURPOSE}; nothing
   * otherwise. Written after the commit, before the answer.
   */
  private Future<Void> assisted(Caller caller, String served, CaseFile c, AuditAction action, JsonObject detail) {
    if (served == null) return Future.succeededFuture();
    return audit.read(caller, action, served, c.kase().caseId(), ServedPerson.PURPOSE,
        detail.put("as", ServedPerson.as(served, c)));
  }

  /** The case of the path, when the caller acts for its applicant; else 404 as if it did not exist. */
  private Future<CaseFile> ownCase(RoutingContext ctx, Caller caller) {
    return access.check(caller, Request.of(ctx).uuid("caseId"));
  }
}

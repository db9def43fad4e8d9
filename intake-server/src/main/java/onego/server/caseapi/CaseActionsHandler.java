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
import onego.server.audit.Actors;
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

  public CaseActionsHandler(Catalog catalog, CaseAccess access, SubmissionValidator validator, ItemFlow flow, CaseView view) {
    this.view = view;
    this.catalog = catalog;
    this.access = access;
    this.validator = validator;
    this.flow = flow;
  }

  public void supplement(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    UUID itemId = Request.of(ctx).uuid("itemId");
    JsonObject body = Request.of(ctx).body();
    ownCase(ctx, caller).compose(c -> {
      ItemRow item = c.items().stream().filter(i -> i.itemId().equals(itemId)).findFirst()
          .orElseThrow(() -> DomainError.notFound("no item " + itemId + " in case " + c.kase().caseId()));
      Thing thing = catalog.thing(c.kase().thing()).orElseThrow();
      ItemSpec spec = thing.item(item.code()).orElseThrow();
      SubmissionValidator.Supplement s = validator.validateSupplement(thing, spec, body, c.kase().applicantId());
      return flow.supplement(Actors.of(caller), c.kase().caseId(), itemId, s.form(), s.materials());
    }).onSuccess(item -> Responses.json(ctx, 200, view.item(item))).onFailure(ctx::fail);
  }

  /**
   * 容缺: owed materials handed in (the filing channel, the applicant; the window channel for the
   * person in front of it): 200 with the case's {@code owed} list after it. Not owed 422; withdrawn 409.
   */
  public void supplyMaterials(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    JsonObject body = Request.of(ctx).body();
    access.checkHandIn(caller, Request.of(ctx).uuid("caseId")).compose(c -> {
      Thing thing = catalog.thing(c.kase().thing()).orElseThrow();
      JsonArray materials = validator.validateOwedMaterials(thing, body);
      return flow.supplyMaterials(Actors.of(caller), c.kase().caseId(), materials)
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

  /** The case of the path, when the caller acts for its applicant; else 404 as if it did not exist. */
  private Future<CaseFile> ownCase(RoutingContext ctx, Caller caller) {
    return access.check(caller, Request.of(ctx).uuid("caseId"));
  }
}

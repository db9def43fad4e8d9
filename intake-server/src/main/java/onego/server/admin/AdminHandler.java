package onego.server.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;
import onego.router.cases.CaseReads;
import onego.router.cases.ItemFlow;
import onego.router.cases.ItemRow;
import onego.router.cases.Shipments;
import onego.router.dispatch.DeadlineWatcher;
import onego.server.audit.Actors;
import onego.server.caseapi.CaseView;
import onego.server.web.AuthHandler;
import onego.server.web.Caller.Role;
import onego.server.web.Caller;
import onego.server.web.Request;
import onego.server.web.Responses;

import java.util.List;
import java.util.UUID;

/** Operators: the dead-letter list and its replay, the same for failed EMS waybill requests; supervision alerts (电子监察). */
public final class AdminHandler {
  private final CaseReads reads;
  private final CaseView view;
  private final ItemFlow flow;
  private final DeadlineWatcher deadlines;
  private final Shipments shipments;

  public AdminHandler(CaseReads reads, ItemFlow flow, DeadlineWatcher deadlines, CaseView view, Shipments shipments) {
    this.reads = reads;
    this.view = view;
    this.flow = flow;
    this.deadlines = deadlines;
    this.shipments = shipments;
  }

  public void deadLetters(RoutingContext ctx) {
    int limit = Request.of(ctx).integer("limit");
    reads.deadLetters(limit).onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("deadLetters", deadLetters(list))))
        .onFailure(ctx::fail);
  }

  public void replay(RoutingContext ctx) {
    flow.replay(Actors.of(AuthHandler.caller(ctx)), Request.of(ctx).uuid("itemId"))
        .onSuccess(item -> Responses.json(ctx, 202, view.item(item)))
        .onFailure(ctx::fail);
  }

  /** {@code GET /admin/waybills/failed}: EMS deliveries whose waybill requests all failed, oldest first (no address: personal data). */
  public void failedWaybills(RoutingContext ctx) {
    shipments.failedList(Request.of(ctx).integer("limit")).onSuccess(list -> {
      JsonArray out = new JsonArray();
      for (Shipments.FailedWaybill f : list) {
        out.add(new JsonObject().put("caseId", f.caseId().toString()).put("thing", f.thing()).put("attempts", f.attempts())
            .put("lastError", f.lastError()).put("failedAt", view.time(f.failedAt())));
      }
      Responses.json(ctx, 200, new JsonObject().put("failedWaybills", out));
    }).onFailure(ctx::fail);
  }

  /** {@code POST /admin/waybills/{caseId}/replay}: the waybill asked for again ({@link Shipments#replay}); 202, the requester sends it. */
  public void replayWaybill(RoutingContext ctx) {
    UUID caseId = Request.of(ctx).uuid("caseId");
    shipments.replay(Actors.of(AuthHandler.caller(ctx)), caseId)
        .onSuccess(v -> Responses.json(ctx, 202, new JsonObject().put("caseId", caseId.toString()).put("status", "WAYBILL_PENDING")))
        .onFailure(ctx::fail);
  }

  /** Admin sees every department's alerts; a department only its own. */
  public void alerts(RoutingContext ctx) {
    Caller c = AuthHandler.caller(ctx);
    String level = Request.of(ctx).text("level");
    String department = Request.of(ctx).text("department");
    if (c.is(Role.DEPARTMENT)) {
      if (department != null && !department.equals(c.department())) throw DomainError.forbidden("departments see only their own alerts");
      department = c.department();
    }
    String dept = department;
    if (level != null) {
      deadlines.alerts(level, dept).onSuccess(a -> Responses.json(ctx, 200, new JsonObject().put("alerts", alerts(a, level))))
          .onFailure(ctx::fail);
      return;
    }
    deadlines.alerts("red", dept).compose(red -> deadlines.alerts("yellow", dept).map(yellow -> alerts(red, "red").addAll(alerts(yellow, "yellow"))))
        .onSuccess(a -> Responses.json(ctx, 200, new JsonObject().put("alerts", a)))
        .onFailure(ctx::fail);
  }

  /** openapi.yaml {@code DeadLetter}: an item whose delivery attempts are used up. */
  private JsonArray deadLetters(List<ItemRow> items) {
    JsonArray out = new JsonArray();
    for (ItemRow i : items) {
      out.add(new JsonObject().put("itemId", i.itemId().toString()).put("caseId", i.caseId().toString())
          .put("department", i.department()).put("attempts", i.attempts()).put("lastError", i.lastError())
          .put("failedAt", view.time(i.failedAt())));
    }
    return out;
  }

  /** openapi.yaml {@code Alert}: an unfinished item due soon (yellow) or past due (red). */
  private JsonArray alerts(List<ItemRow> items, String level) {
    JsonArray out = new JsonArray();
    for (ItemRow i : items) {
      out.add(new JsonObject().put("itemId", i.itemId().toString()).put("caseId", i.caseId().toString()).put("code", i.code())
          .put("name", i.name()).put("department", i.department()).put("status", i.status().name()).put("dueAt", view.time(i.dueAt()))
          .put("level", level));
    }
    return out;
  }
}

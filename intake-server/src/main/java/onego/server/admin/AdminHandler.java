package onego.server.admin;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;
import onego.router.cases.ItemFlow;
import onego.router.dispatch.ClaimStore;
import onego.router.dispatch.DeadlineWatcher;
import onego.server.audit.Actors;
import onego.server.web.AuthHandler;
import onego.server.web.Caller.Role;
import onego.server.web.Caller;
import onego.server.web.Request;
import onego.server.web.Responses;

/** Operators: the dead-letter list and its replay; supervision alerts (电子监察). */
public final class AdminHandler {
  private final ClaimStore store;
  private final ItemFlow flow;
  private final DeadlineWatcher deadlines;

  public AdminHandler(ClaimStore store, ItemFlow flow, DeadlineWatcher deadlines) {
    this.store = store;
    this.flow = flow;
    this.deadlines = deadlines;
  }

  public void deadLetters(RoutingContext ctx) {
    int limit = Request.of(ctx).integer("limit");
    store.deadLetters(limit).onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("deadLetters", list))).onFailure(ctx::fail);
  }

  public void replay(RoutingContext ctx) {
    flow.replay(Actors.of(AuthHandler.caller(ctx)), Request.of(ctx).uuid("itemId"))
        .onSuccess(item -> Responses.json(ctx, 202, item))
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
      deadlines.alerts(level, dept).onSuccess(a -> Responses.json(ctx, 200, new JsonObject().put("alerts", a))).onFailure(ctx::fail);
      return;
    }
    deadlines.alerts("red", dept).compose(red -> deadlines.alerts("yellow", dept).map(yellow -> red.copy().addAll(yellow)))
        .onSuccess(a -> Responses.json(ctx, 200, new JsonObject().put("alerts", a)))
        .onFailure(ctx::fail);
  }
}

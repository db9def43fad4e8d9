package onego.server.ratings;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.Catalog;
import onego.domain.ComplaintState;
import onego.domain.DomainError;
import onego.server.audit.Actors;
import onego.server.caseapi.CaseAccess;
import onego.server.web.AuthHandler;
import onego.server.web.Caller;
import onego.server.web.Request;
import onego.server.web.Responses;

import java.util.UUID;

/**
 * 差评与投诉处置 (openapi.yaml, tag Supervision, Complaints): listing ({@code GET /supervision/complaints}: admin all, a
 * department its own), one complaint (admin, the hotline, its department), filing (hotline, admin, a
 * channel), the department's answer, the applicant's (or admin's) confirmation or reopening, admin's
 * close. Every complaint is rendered by {@link ComplaintView} for the caller: contact masked, and a
 * 举报's reporter never shown to the department.
 */
public final class ComplaintHandler {
  private static final int LIST_LIMIT = 500;

  private final ComplaintStore store;
  private final CaseAccess access;
  private final Catalog catalog;
  private final ComplaintView view;

  public ComplaintHandler(ComplaintStore store, CaseAccess access, Catalog catalog, ComplaintView view) {
    this.store = store;
    this.access = access;
    this.catalog = catalog;
    this.view = view;
  }

  /** {@code ?state=&department=}: a department sees its own (another department's code is 403); oldest first, at most 500. */
  public void list(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    Request in = Request.of(ctx);
    String state = in.get("state");
    String department = in.get("department");
    if (caller.is(Caller.Role.DEPARTMENT)) {
      if (department != null && !department.equals(caller.department())) throw DomainError.forbidden("a department sees its own complaints");
      department = caller.department();
    }
    store.list(state == null ? null : ComplaintState.valueOf(state), department, LIST_LIMIT)
        .onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("complaints",
            new JsonArray(list.stream().map(c -> view.render(c, caller)).toList()))))
        .onFailure(e -> ctx.fail(CaseAccess.storeDown(e)));
  }

  /** One complaint: admin and the hotline any (masked), a department its own (404 for another's). */
  public void get(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    UUID id = Request.of(ctx).uuid("complaintId");
    store.get(id).map(c -> {
      if (caller.is(Caller.Role.DEPARTMENT) && !c.department().equals(caller.department())) throw DomainError.notFound("no complaint " + id);
      return c;
    }).onSuccess(c -> Responses.json(ctx, 200, view.render(c, caller))).onFailure(e -> ctx.fail(CaseAccess.storeDown(e)));
  }

  /**
   * Files a complaint, 举报 ({@code report}) or 办不成事 ({@code cannot-get-it-done}): 201 with the complaint.
   * The department must be the catalog's (422); a case must be one the caller may see (404).
   */
  public void file(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    JsonObject body = Request.of(ctx).body(); // checked against the documented schema
    String department = body.getString("department");
    if (catalog.department(department).isEmpty()) throw DomainError.invalid("department", "is not a department of the catalog");
    UUID caseId = uuidField(body, "caseId");
    UUID itemId = uuidField(body, "itemId");
    if (itemId != null && caseId == null) throw DomainError.invalid("itemId", "needs caseId");
    String channel = caller.is(Caller.Role.CHANNEL) ? caller.channel() : caller.is(Caller.Role.HOTLINE) ? "hotline" : null;
    ComplaintStore.NewComplaint c = new ComplaintStore.NewComplaint(body.getString("kind"), "filed", caseId, itemId, channel, department,
        null, body.getString("content"), body.getJsonObject("contact"), caller.id());
    Future<?> visible = caseId == null ? Future.succeededFuture() : access.check(caller, caseId);
    visible.compose(v -> store.file(c, Actors.of(caller)))
        .onSuccess(filed -> Responses.json(ctx, 201, view.render(filed, caller)))
        .onFailure(e -> ctx.fail(CaseAccess.storeDown(e)));
  }

  /** An optional id field of a body: null when absent, 422 when not a UUID. */
  private static UUID uuidField(JsonObject body, String name) {
    String raw = body.getString(name);
    if (raw == null) return null;
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw DomainError.invalid(name, "must be a UUID");
    }
  }

  /** The department's 整改 and reply: OPEN → ANSWERED; another department's complaint is 404, a wrong step 409. */
  public void answer(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    Request in = Request.of(ctx);
    JsonObject body = in.body(); // checked against the documented schema
    store.answer(in.uuid("complaintId"), caller.department(), body.getString("rectification"), body.getString("reply"), Actors.of(caller))
        .onSuccess(c -> Responses.json(ctx, 200, view.render(c, caller)))
        .onFailure(e -> ctx.fail(CaseAccess.storeDown(e)));
  }

  /** The applicant (or their channel) or admin accepts the answer: ANSWERED → CONFIRMED. */
  public void confirm(RoutingContext ctx) {
    settle(ctx, true);
  }

  /** The applicant (or their channel) or admin does not accept the answer: ANSWERED → OPEN. */
  public void reopen(RoutingContext ctx) {
    settle(ctx, false);
  }

  /** Admin closes a confirmed complaint: CONFIRMED → CLOSED. */
  public void close(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    store.close(Request.of(ctx).uuid("complaintId"), Actors.of(caller))
        .onSuccess(c -> Responses.json(ctx, 200, view.render(c, caller)))
        .onFailure(e -> ctx.fail(CaseAccess.storeDown(e)));
  }

  /** Admin may settle any complaint; the applicant or channel only one about a case they may see (else 404). */
  private void settle(RoutingContext ctx, boolean confirmed) {
    Caller caller = AuthHandler.caller(ctx);
    UUID id = Request.of(ctx).uuid("complaintId");
    store.get(id).compose(c -> {
      if (caller.is(Caller.Role.ADMIN)) return Future.succeededFuture();
      if (c.caseId() == null) return Future.failedFuture(DomainError.notFound("no complaint " + id));
      return access.check(caller, c.caseId()).recover(e -> Future.failedFuture(
          e instanceof DomainError d && d.kind() == DomainError.Kind.NOT_FOUND ? DomainError.notFound("no complaint " + id) : e));
    }).compose(v -> store.settle(id, confirmed, c -> true, Actors.of(caller)))
        .onSuccess(c -> Responses.json(ctx, 200, view.render(c, caller)))
        .onFailure(e -> ctx.fail(CaseAccess.storeDown(e)));
  }
}

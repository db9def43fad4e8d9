package onego.server.departments;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;
import onego.domain.FieldError;
import onego.domain.ItemStatus;
import onego.router.DispatchSettings;
import onego.router.RouterSettings;
import onego.router.cases.ItemFlow;
import onego.router.dispatch.ClaimStore;
import onego.router.dispatch.PullService;
import onego.server.audit.Actors;
import onego.server.caseapi.CaseAccess;
import onego.server.caseapi.CaseView;
import onego.server.web.AuthHandler;
import onego.server.web.Bodies;
import onego.server.web.Caller.Role;
import onego.server.web.Caller;
import onego.server.web.Params;
import onego.server.web.PrincipalQuota;
import onego.server.web.Responses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Departments (后台分类审批): pull and ack work, report status, see their queue. */
public final class DepartmentHandler {
  private static final int MAX_NOTE = 1000;

  private final Map<String, DispatchSettings> departments;
  private final RouterSettings router;
  private final PullService pull;
  private final ItemFlow flow;
  private final ClaimStore store;
  private final PrincipalQuota longPolls;
  private final CaseView view;

  /** @param longPolls open long polls per principal ({@code router.maxLongPollsPerPrincipal}) */
  public DepartmentHandler(Map<String, DispatchSettings> departments, RouterSettings router, PullService pull, ItemFlow flow, ClaimStore store,
                           PrincipalQuota longPolls, CaseView view) {
    this.longPolls = longPolls;
    this.view = view;
    this.departments = departments;
    this.router = router;
    this.pull = pull;
    this.flow = flow;
    this.store = store;
  }

  /** The department of the path, which must be the caller's own (admin may look at any for reading). */
  private DispatchSettings department(RoutingContext ctx, boolean adminMayRead) {
    DispatchSettings d = departments.get(ctx.pathParam("code"));
    if (d == null) throw DomainError.notFound("no department " + ctx.pathParam("code"));
    Caller c = AuthHandler.caller(ctx);
    if (c.is(Role.DEPARTMENT) && d.department().equals(c.department())) return d;
    if (adminMayRead && c.is(Role.ADMIN)) return d;
    throw DomainError.forbidden("only department " + d.department() + " may do this");
  }

  public void pullItems(RoutingContext ctx) {
    DispatchSettings d = department(ctx, false);
    if (!d.mode().equals("pull")) throw DomainError.conflict("department " + d.department() + " is configured for push delivery");
    int limit = Params.intParam(ctx, "limit", 10, 1, 100);
    int wait = Params.intParam(ctx, "waitSeconds", 0, 0, router.pullMaxWaitSeconds());
    Runnable release = wait > 0 ? longPolls.acquire(AuthHandler.caller(ctx)) : () -> { };
    pull.lease(d, limit, wait)
        .onComplete(ar -> release.run())
        .onSuccess(items -> Responses.json(ctx, 200, new JsonObject().put("items", items)))
        .onFailure(ctx::fail);
  }

  public void ack(RoutingContext ctx) {
    DispatchSettings d = department(ctx, false);
    UUID itemId = CaseAccess.uuid(ctx.pathParam("itemId"), "item");
    JsonObject body = Bodies.json(ctx);
    UUID leaseId = uuidField(body, "leaseId");
    pull.ack(Actors.of(AuthHandler.caller(ctx)), d.department(), itemId, leaseId)
        .onSuccess(v -> Responses.json(ctx, 200, new JsonObject().put("itemId", itemId.toString()).put("leaseId", leaseId.toString())
            .put("acknowledged", true)))
        .onFailure(ctx::fail);
  }

  public void status(RoutingContext ctx) {
    DispatchSettings d = department(ctx, false);
    UUID itemId = CaseAccess.uuid(ctx.pathParam("itemId"), "item");
    JsonObject body = Bodies.json(ctx);
    List<FieldError> errors = new ArrayList<>();
    ItemStatus status = null;
    Object s = body.getValue("status");
    try {
      status = s instanceof String str ? ItemStatus.valueOf(str) : null;
    } catch (IllegalArgumentException ignored) {
      // reported below
    }
    if (status == null || !ItemFlow.DEPARTMENT_STATUSES.contains(status)) {
      errors.add(new FieldError("status", "must be one of " + ItemFlow.DEPARTMENT_STATUSES));
    }
    String note = optText(body, "note", MAX_NOTE, errors);
    String eventId = optText(body, "eventId", 200, errors);
    JsonObject result = result(body.getValue("result"), errors);
    if (!errors.isEmpty()) throw DomainError.invalid(errors);
    flow.departmentStatus(Actors.of(AuthHandler.caller(ctx)), d.department(), itemId, status, note, result, eventId)
        .onSuccess(item -> Responses.json(ctx, 200, view.item(item)))
        .onFailure(ctx::fail);
  }

  public void queue(RoutingContext ctx) {
    DispatchSettings d = department(ctx, true);
    store.queue(d.department()).onSuccess(q -> Responses.json(ctx, 200, new JsonObject().put("queued", q.queued())
        .put("inFlight", q.inFlight()).put("oldestQueuedAgeSeconds", q.oldestQueuedAgeSeconds()).put("deadLettered", q.deadLettered())))
        .onFailure(ctx::fail);
  }

  private static JsonObject result(Object v, List<FieldError> errors) {
    if (v == null) return null;
    if (!(v instanceof JsonObject r)) {
      errors.add(new FieldError("result", "must be an object {certificates: [...], values: {...}}"));
      return null;
    }
    Object values = r.getValue("values");
    if (values != null && !(values instanceof JsonObject)) errors.add(new FieldError("result.values", "must be an object {name: value}"));
    if (values instanceof JsonObject vs) {
      for (String k : vs.fieldNames()) {
        Object x = vs.getValue(k);
        if (!(x instanceof String s && s.length() <= 200) && !(x instanceof Number)) {
          errors.add(new FieldError("result.values." + k, "must be a string (at most 200 characters) or a number"));
        }
      }
    }
    Object certs = r.getValue("certificates");
    if (certs != null && !(certs instanceof JsonArray)) errors.add(new FieldError("result.certificates", "must be an array"));
    if (certs instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        if (!(a.getValue(i) instanceof JsonObject c) || !(c.getValue("type") instanceof String) || !(c.getValue("number") instanceof String)) {
          errors.add(new FieldError("result.certificates[" + i + "]", "needs type and number (strings), ecertRef optional"));
        }
      }
    }
    return r;
  }

  static String optText(JsonObject body, String key, int max, List<FieldError> errors) {
    Object v = body.getValue(key);
    if (v == null) return null;
    if (!(v instanceof String s)) {
      errors.add(new FieldError(key, "must be a string"));
      return null;
    }
    if (s.length() > max) errors.add(new FieldError(key, "must be at most " + max + " characters"));
    return s;
  }

  static UUID uuidField(JsonObject body, String key) {
    try {
      return UUID.fromString(body.getString(key));
    } catch (RuntimeException e) {
      throw DomainError.invalid(List.of(new FieldError(key, "required, a UUID")));
    }
  }
}

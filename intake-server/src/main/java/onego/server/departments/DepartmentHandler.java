package onego.server.departments;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.Future;
import onego.domain.AuditAction;
import onego.domain.Catalog;
import onego.domain.DomainError;
import onego.domain.Thing;
import onego.router.cases.CaseReads;
import onego.server.audit.AuditTrail;
import onego.server.caseapi.CaseAccess;
import onego.domain.ItemStatus;
import onego.domain.Regions;
import onego.router.DispatchSettings;
import onego.router.RouterSettings;
import onego.router.cases.ItemFlow;
import onego.router.dispatch.ClaimStore;
import onego.router.dispatch.PullService;
import onego.server.audit.Actors;
import onego.server.caseapi.CaseView;
import onego.server.web.AccessLog;
import onego.server.web.AuthHandler;
import onego.server.web.Caller.Role;
import onego.server.web.Caller;
import onego.server.web.PrincipalQuota;
import onego.server.web.Request;
import onego.server.web.Responses;

import java.util.Map;
import java.util.UUID;

/**
 * Departments (后台分类审批): pull and ack work, report status, see their queue. A department with
 * offices per region (就近办, 湖南方案 四(一); {@code departments.<code>.regions}) serves a pull office's
 * items at {@code ?region=} and sees a region's queue the same way.
 */
public final class DepartmentHandler {
  private final Map<String, DispatchSettings> departments;
  private final RouterSettings router;
  private final PullService pull;
  private final ItemFlow flow;
  private final ClaimStore store;
  private final PrincipalQuota longPolls;
  private final CaseView view;
  private final CaseReads reads;
  private final Catalog catalog;
  private final AuditTrail audit;
  private final Regions regions;

  /**
   * @param longPolls open long polls per principal ({@code router.maxLongPollsPerPrincipal})
   * @param reads     cases as a whole ({@link #caseView})
   * @param catalog   who leads a thing (its and its theme's lead departments)
   * @param audit     where a department's read of a case is on record
   * (a {@code region} parameter must be one of {@code catalog.regions()}, else 422 naming it)
   */
  public DepartmentHandler(Map<String, DispatchSettings> departments, RouterSettings router, PullService pull, ItemFlow flow, ClaimStore store,
                           PrincipalQuota longPolls, CaseView view, CaseReads reads, Catalog catalog, AuditTrail audit) {
    this.reads = reads;
    this.catalog = catalog;
    this.audit = audit;
    this.regions = catalog.regions();
    this.longPolls = longPolls;
    this.view = view;
    this.departments = departments;
    this.router = router;
    this.pull = pull;
    this.flow = flow;
    this.store = store;
  }

  /** The longest long poll a pull may ask for, in seconds ({@code router.pullMaxWaitSeconds}): the route line's bound of {@code waitSeconds}. */
  public int maxWaitSeconds() {
    return router.pullMaxWaitSeconds();
  }

  /** The department of the path, which must be the caller's own (admin may look at any for reading). */
  private DispatchSettings department(RoutingContext ctx, boolean adminMayRead) {
    String code = Request.of(ctx).text("code");
    DispatchSettings d = departments.get(code);
    if (d == null) throw DomainError.notFound("no department " + code);
    Caller c = AuthHandler.caller(ctx);
    if (c.is(Role.DEPARTMENT) && d.department().equals(c.department())) return d;
    if (adminMayRead && c.is(Role.ADMIN)) return d;
    throw DomainError.forbidden("only department " + d.department() + " may do this");
  }

  /**
   * {@code GET /departments/{code}/cases/{caseId}} (the department itself): the case as a whole
   * ({@link CaseView#forDepartment}) for a department with an item in the case, or for the thing's
   * lead department (牵头单位, 国办 五(二): the thing's {@code leadDepartment}; not the other lead departments of
   * its theme); any other department 404, as for a case that does not exist. Each
   * read is on record (action CASE_READ, purpose {@code department:<code>}) before the answer.
   */
  public void caseView(RoutingContext ctx) {
    DispatchSettings d = department(ctx, false);
    String code = d.department();
    UUID caseId = Request.of(ctx).uuid("caseId");
    Caller caller = AuthHandler.caller(ctx);
    reads.byId(caseId).recover(e -> Future.failedFuture(CaseAccess.storeDown(e))).compose(found -> {
      CaseReads.CaseFile f = found.orElse(null);
      if (f == null) return Future.<JsonObject>failedFuture(DomainError.notFound("no case " + caseId));
      boolean involved = f.items().stream().anyMatch(i -> code.equals(i.department()));
      boolean lead = leads(code, f.kase().thing());
      if (!involved && !lead) return Future.<JsonObject>failedFuture(DomainError.notFound("no case " + caseId));
      return audit.read(caller, AuditAction.CASE_READ, f.kase().applicantId(), caseId, "department:" + code,
              new JsonObject().put("involved", involved).put("lead", lead))
          .map(v -> view.forDepartment(f, code, involved, lead));
    }).onSuccess(body -> Responses.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  /**
   * Whether {@code department} leads {@code thing}: the thing's own lead department (牵头单位). The lead departments
   * of the thing's theme are not: a theme such as 证照办理 is led by several departments, and one of them reading the
   * cases of another's things would read cases it is no part of.
   */
  private boolean leads(String department, String thing) {
    Thing t = catalog.thing(thing).orElse(null);
    return t != null && department.equals(t.leadDepartment());
  }


  /** The {@code region} query parameter (well-formed by the route line), which must be the city or one of its divisions; null when not given. */
  private String region(RoutingContext ctx) {
    String region = Request.of(ctx).text("region");
    if (region != null && (regions == null || !regions.local(region))) {
      throw DomainError.invalid("region", "unknown region " + region + ": not the city or one of its divisions (GET /regions)");
    }
    return region;
  }

  /**
   * {@code GET /departments/{code}/items[?limit=&waitSeconds=&region=]} ({@code limit} 1 to {@link PullService#MAX_BATCH}, leased by one
   * claim): without {@code region}, the department's own
   * lane (items of the city and of every region without an office of its own); with it, that
   * region's office's lane, which must be configured with {@code mode: pull} (else 409).
   */
  public void pullItems(RoutingContext ctx) {
    DispatchSettings dept = department(ctx, false);
    String region = region(ctx);
    DispatchSettings d = region == null ? dept : dept.regions().get(region);
    if (d == null) {
      throw DomainError.conflict("department " + dept.department() + " has no office of its own for region " + region
          + "; that region's items are the department's own (pull without region)");
    }
    if (!d.mode().equals("pull")) throw DomainError.conflict((region == null ? "department " : "the office for region " + region + " of ")
        + d.department() + " is configured for push delivery");
    int limit = Request.of(ctx).integer("limit");
    int wait = Request.of(ctx).integer("waitSeconds");
    Runnable release = wait > 0 ? longPolls.acquire(AuthHandler.caller(ctx)) : () -> { };
    pull.lease(d, limit, wait)
        .onComplete(ar -> release.run())
        .onSuccess(items -> {
          if (wait > 0 && items.isEmpty()) AccessLog.quiet(ctx); // a long poll that found nothing: a heartbeat, not news
          Responses.json(ctx, 200, new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }

  public void ack(RoutingContext ctx) {
    DispatchSettings d = department(ctx, false);
    UUID itemId = Request.of(ctx).uuid("itemId");
    UUID leaseId = UUID.fromString(Request.of(ctx).body().getString("leaseId")); // the documented schema: required, a UUID
    pull.ack(Actors.of(AuthHandler.caller(ctx)), d.department(), itemId, leaseId)
        .onSuccess(v -> Responses.json(ctx, 200, new JsonObject().put("itemId", itemId.toString()).put("leaseId", leaseId.toString())
            .put("acknowledged", true)))
        .onFailure(ctx::fail);
  }

  /**
   * {@code POST /departments/{code}/items/ack} {@code {"leases": [{"itemId", "leaseId"}, ...]}} (the department itself,
   * 403/404 as the single ack; the body checked against the documented schema: 1 to {@link PullService#MAX_BATCH} (500) leases, each two UUIDs, else
   * 422 naming {@code leases} or {@code leases[i].itemId}): many pull leases acknowledged at once
   * ({@link PullService#ackAll}); 200 {@code {"results": [{"itemId", "leaseId", "outcome"}]}} in request order, outcome
   * {@code acked | already-acked | lease-expired | not-found}. One bad lease fails none of the others.
   */
  public void ackAll(RoutingContext ctx) {
    DispatchSettings d = department(ctx, false);
    JsonArray leases = Request.of(ctx).body().getJsonArray("leases");
    java.util.List<PullService.Lease> list = new java.util.ArrayList<>(leases.size());
    for (int k = 0; k < leases.size(); k++) {
      JsonObject l = leases.getJsonObject(k);
      list.add(new PullService.Lease(UUID.fromString(l.getString("itemId")), UUID.fromString(l.getString("leaseId"))));
    }
    pull.ackAll(Actors.of(AuthHandler.caller(ctx)), d.department(), list).onSuccess(results -> {
      JsonArray out = new JsonArray();
      for (PullService.AckResult r : results) {
        out.add(new JsonObject().put("itemId", r.itemId().toString()).put("leaseId", r.leaseId().toString()).put("outcome", r.outcome()));
      }
      Responses.json(ctx, 200, new JsonObject().put("results", out));
    }).onFailure(ctx::fail);
  }

  public void status(RoutingContext ctx) {
    DispatchSettings d = department(ctx, false);
    UUID itemId = Request.of(ctx).uuid("itemId");
    JsonObject body = Request.of(ctx).body(); // checked against the documented schema (status, note, eventId, result, suspension, missing)
    ItemStatus status = ItemStatus.valueOf(body.getString("status"));
    String note = body.getString("note");
    String eventId = body.getString("eventId");
    JsonObject result = body.getJsonObject("result");
    JsonObject suspension = body.getJsonObject("suspension");
    JsonArray missing = body.getJsonArray("missing");
    flow.departmentStatus(Actors.of(AuthHandler.caller(ctx)), d.department(), itemId, status, note, result, suspension, missing, eventId)
        .onSuccess(item -> Responses.json(ctx, 200, view.item(item)))
        .onFailure(ctx::fail);
  }

  /** 告知承诺 after-check of a commitment of the department's own item ({@link onego.router.cases.ItemFlow#verifyCommitment}): 200 with the item. */
  public void verification(RoutingContext ctx) {
    DispatchSettings d = department(ctx, false);
    UUID itemId = Request.of(ctx).uuid("itemId");
    JsonObject body = Request.of(ctx).body(); // checked against the documented schema (material, outcome, note)
    flow.verifyCommitment(Actors.of(AuthHandler.caller(ctx)), d.department(), itemId, body.getString("material"), body.getString("outcome"),
            body.getString("note"))
        .onSuccess(item -> Responses.json(ctx, 200, view.item(item)))
        .onFailure(ctx::fail);
  }

  /** {@code GET /departments/{code}/queue[?region=]}: the department's figures, or those of its items of cases handled in {@code region}. */
  public void queue(RoutingContext ctx) {
    DispatchSettings d = department(ctx, true);
    String region = region(ctx);
    store.queue(d.department(), region).onSuccess(q -> {
      JsonObject out = new JsonObject();
      if (region != null) out.put("region", region);
      Responses.json(ctx, 200, out.put("queued", q.queued())
          .put("inFlight", q.inFlight()).put("oldestQueuedAgeSeconds", q.oldestQueuedAgeSeconds()).put("deadLettered", q.deadLettered()));
    }).onFailure(ctx::fail);
  }
}

package onego.server;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import onego.domain.AuditAction;
import onego.domain.ComplaintState;
import onego.domain.Lifecycle;
import onego.router.cases.CardRow;
import onego.server.audit.AuditCursor;
import onego.server.web.AccessLog;
import onego.server.web.AuthHandler;
import onego.server.web.Bodies;
import onego.server.web.BodySchemas;
import onego.server.web.Param;
import onego.server.web.RequestGate;
import onego.server.web.RequestDeadline;
import onego.server.web.RequestIds;
import onego.server.web.RequestReader;
import onego.server.web.RouteIndex;
import onego.server.web.RouteInput;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static onego.server.web.Caller.Role.ADMIN;
import static onego.server.web.Caller.Role.APPLICANT;
import static onego.server.web.Caller.Role.CHANNEL;
import static onego.server.web.Caller.Role.DEPARTMENT;
import static onego.server.web.Caller.Role.HOTLINE;
import static onego.server.web.JsonBody.checkedByHandler;
import static onego.server.web.JsonBody.documented;
import static onego.server.web.Param.path;
import static onego.server.web.Param.query;
import static onego.server.web.ParamKinds.blankIsAbsent;
import static onego.server.web.ParamKinds.commaList;
import static onego.server.web.ParamKinds.creditCode;
import static onego.server.web.ParamKinds.date;
import static onego.server.web.ParamKinds.dateOrTime;
import static onego.server.web.ParamKinds.divisionCode;
import static onego.server.web.ParamKinds.idNumber;
import static onego.server.web.ParamKinds.oneOf;
import static onego.server.web.ParamKinds.seq;
import static onego.server.web.ParamKinds.text;
import static onego.server.web.ParamKinds.trimmed;
import static onego.server.web.ParamKinds.uuid;
import static onego.server.web.ParamKinds.wholeNumber;

/**
 * The HTTP API (README "The API in brief", {@code openapi.yaml}): every route, the roles it admits
 * (no guard = public), the handler that serves it and what it reads: its path parameters, its
 * query parameters (kind, range, default, required) and its body. Paths are under
 * {@code /api/v1}; health, metrics and the OpenAPI document also at the root. Every API route
 * first passes its {@link RequestGate} (path and query well-formed and storable, a body JSON),
 * then a POST route reads its body, the route's {@link RequestDeadline} starts (none for event streams and
 * WebSockets; a long poll's includes its wait), the guard runs, the body is checked ({@link Bodies#check}),
 * and the route's {@link RequestReader} reads and checks what the line declares before the
 * handler; a 405 answer names the route's methods in {@code Allow}. A new endpoint is a line
 * here, its operation in {@code openapi.yaml} (the body schema a {@code documented()} body is
 * checked against) and its handler's business rules.
 */
final class ApiRoutes {
  private static final String API = "/api/v1";
  private static final String[] LIFECYCLES = Arrays.stream(Lifecycle.values()).map(Lifecycle::code).toArray(String[]::new);
  /** The served document, read once: the body schemas of {@code documented()} bodies. */
  private static final BodySchemas DOCUMENT = BodySchemas.of(OpenApiDocument.text());

  /** One route as declared: method, Vert.x path pattern, what it reads. */
  record Declared(HttpMethod method, String pattern, RequestReader reader) {}

  private final Router router;
  private final AuthHandler auth;
  private final BodyHandler bodies;
  private final RequestDeadline deadline;
  private final RouteIndex index = new RouteIndex();
  private final List<Declared> declared = new ArrayList<>();

  private ApiRoutes(Router router, AuthHandler auth, BodyHandler bodies, RequestDeadline deadline) {
    this.router = router;
    this.auth = auth;
    this.bodies = bodies;
    this.deadline = deadline;
  }

  static Router build(Vertx vertx, Handlers h, int maxBodyBytes) {
    return table(vertx, h, maxBodyBytes).router;
  }

  /** Every API route as the table declares it (for checking the table against the served document). */
  static List<Declared> declared(Vertx vertx, Handlers h) {
    return List.copyOf(table(vertx, h, 1024).declared);
  }

  private static ApiRoutes table(Vertx vertx, Handlers h, int maxBodyBytes) {
    Router router = Router.router(vertx);
    ApiRoutes t = new ApiRoutes(router, h.auth(), BodyHandler.create(false).setBodyLimit(maxBodyBytes), h.deadline());
    var any = t.auth.allow(CHANNEL, APPLICANT, DEPARTMENT, HOTLINE, ADMIN);
    // the access log, one line a request with its URI decoded and masked (its line carries the request's log context)
    router.route().handler(new AccessLog());
    router.route().handler(RequestIds::handle).handler(h.drain()); // X-Request-Id and log context; refusal while draining
    router.route().handler(h.cors()); // CORS for the configured portal origins (a preflight is answered here)

    // 一次告知: the catalog, public
    t.get("/themes", null, h.catalog()::themes);
    t.get("/things", null, h.catalog()::things, query("lifecycle", oneOf(LIFECYCLES)), query("theme", text()), query("q", text()));
    t.get("/things/:code", null, h.catalog()::thing, path("code"));
    t.get("/things/:code/form", null, h.catalog()::form, path("code"), query("items", commaList()));
    t.get("/departments", null, h.catalog()::departments);
    t.get("/regions", null, h.catalog()::regions);
    // shared data (数据共享) and e-certificates
    List<RouteInput> prefill = new ArrayList<>(List.of(path("code"), query("idNumber", idNumber()), query("creditCode", creditCode())));
    h.sharedData().aboutFields().forEach(f -> prefill.add(query("about." + f, idNumber()))); // the people a form names (fields.yaml about)
    t.get("/things/:code/prefill", t.auth.allow(CHANNEL, APPLICANT), h.sharedData()::prefill, prefill.toArray(RouteInput[]::new));
    t.get("/ecerts/:ecertRef", t.auth.allow(CHANNEL, APPLICANT, ADMIN, HOTLINE), h.sharedData()::ecert,
        path("ecertRef", text(200), "e-certificate"), query("thing", text()));
    // cases: intake, reading, what the applicant does after
    t.post("/cases", t.auth.allow(CHANNEL), h.intake()::submit, checkedByHandler());
    t.get("/cases/:caseId", t.auth.allow(CHANNEL, APPLICANT, ADMIN, HOTLINE), h.cases()::get, path("caseId", uuid(), "case"));
    t.get("/applicants/:idNumber/cases", t.auth.allow(APPLICANT, CHANNEL, ADMIN), h.cases()::byApplicant,
        path("idNumber", text(200), "applicant"), query("limit", wholeNumber(1, 200)).orElse(50),
        query("before", blankIsAbsent(onego.server.caseapi.CaseCursor.PARAM)));
    // 免申即享 / 政策找人: offers the catalog's rules made from shared data
    t.get("/applicants/:id/offers", t.auth.allow(APPLICANT, CHANNEL, ADMIN), h.offers()::list, path("id", text(200), "applicant"));
    t.post("/offers/:offerId/confirm", t.auth.allow(APPLICANT, CHANNEL), h.offers()::confirm, path("offerId", uuid(), "offer"));
    t.post("/offers/:offerId/decline", t.auth.allow(APPLICANT, CHANNEL), h.offers()::decline, path("offerId", uuid(), "offer"));
    t.post("/cases/:caseId/items/:itemId/supplement", t.auth.allow(CHANNEL, APPLICANT), h.caseActions()::supplement,
        path("caseId", uuid(), "case"), path("itemId", uuid(), "item"), checkedByHandler());
    t.post("/cases/:caseId/materials", t.auth.allow(CHANNEL, APPLICANT), h.caseActions()::supplyMaterials,
        path("caseId", uuid(), "case"), checkedByHandler());
    t.post("/cases/:caseId/withdraw", t.auth.allow(CHANNEL, APPLICANT), h.caseActions()::withdraw, path("caseId", uuid(), "case"));
    t.post("/cases/:caseId/rating", t.auth.allow(APPLICANT, CHANNEL), h.ratings()::rate, path("caseId", uuid(), "case"), documented());
    t.post("/cases/:caseId/items/:itemId/rating", t.auth.allow(APPLICANT, CHANNEL), h.ratings()::rateItem,
        path("caseId", uuid(), "case"), path("itemId", uuid(), "item"), documented());
    // live progress
    t.stream("/cases/:caseId/events", t.auth.allow(CHANNEL, APPLICANT, ADMIN, HOTLINE), h.events()::events,
        path("caseId", uuid(), "case"), query("after", seq()).orElse(0));
    t.stream("/ws", any, h.ws()::upgrade, query("access_token", text())); // read by AuthHandler, before the reader
    // departments (后台分类审批)
    // no HEAD: a pull leases items (not safe), and a HEAD would lease items nobody then sees (405, Allow: GET)
    t.longPoll("/departments/:code/items", t.auth.allow(DEPARTMENT), h.departments()::pullItems, h.departments().maxWaitSeconds(), path("code"),
        query("limit", wholeNumber(1, onego.router.dispatch.PullService.MAX_BATCH)).orElse(10), query("waitSeconds", wholeNumber(0, h.departments().maxWaitSeconds())).orElse(0),
        query("region", divisionCode()));
    t.post("/departments/:code/items/ack", t.auth.allow(DEPARTMENT), h.departments()::ackAll, path("code"), documented());
    t.post("/departments/:code/items/:itemId/ack", t.auth.allow(DEPARTMENT), h.departments()::ack,
        path("code"), path("itemId", uuid(), "item"), documented());
    t.post("/departments/:code/items/:itemId/status", t.auth.allow(DEPARTMENT), h.departments()::status,
        path("code"), path("itemId", uuid(), "item"), documented());
    t.post("/departments/:code/items/:itemId/verification", t.auth.allow(DEPARTMENT), h.departments()::verification,
        path("code"), path("itemId", uuid(), "item"), documented());
    t.get("/departments/:code/cases/:caseId", t.auth.allow(DEPARTMENT), h.departments()::caseView, path("code"), path("caseId", uuid(), "case"));
    t.get("/departments/:code/queue", t.auth.allow(DEPARTMENT, ADMIN), h.departments()::queue, path("code"), query("region", divisionCode()));
    // 12345 hotline
    t.get("/hotline/cases", t.auth.allow(HOTLINE, ADMIN), h.hotline()::search, query("idNumber", trimmed(64)), query("phone", trimmed(64)));
    t.get("/hotline/cases/:caseId", t.auth.allow(HOTLINE, ADMIN), h.hotline()::caseStatus, path("caseId", uuid(), "case"));
    t.post("/hotline/cases/:caseId/urge", t.auth.allow(HOTLINE, ADMIN), h.urges()::urge, path("caseId", uuid(), "case"), documented());
    // supervision (电子监察, 好差评) and operations
    t.get("/supervision/alerts", t.auth.allow(ADMIN, DEPARTMENT), h.admin()::alerts, query("level", oneOf("yellow", "red")), query("department", text()));
    // 差评与投诉处置: complaints through their whole life
    t.get("/supervision/complaints", t.auth.allow(ADMIN, DEPARTMENT), h.complaints()::list,
        query("state", blankIsAbsent(oneOf(ComplaintState.class))), query("department", blankIsAbsent(text())));
    t.post("/supervision/complaints", t.auth.allow(HOTLINE, ADMIN, CHANNEL), h.complaints()::file, documented());
    t.get("/supervision/complaints/:complaintId", t.auth.allow(ADMIN, HOTLINE, DEPARTMENT), h.complaints()::get,
        path("complaintId", uuid(), "complaint"));
    t.post("/supervision/complaints/:complaintId/answer", t.auth.allow(DEPARTMENT), h.complaints()::answer,
        path("complaintId", uuid(), "complaint"), documented());
    t.post("/supervision/complaints/:complaintId/confirm", t.auth.allow(APPLICANT, CHANNEL, ADMIN), h.complaints()::confirm,
        path("complaintId", uuid(), "complaint"));
    t.post("/supervision/complaints/:complaintId/reopen", t.auth.allow(APPLICANT, CHANNEL, ADMIN), h.complaints()::reopen,
        path("complaintId", uuid(), "complaint"));
    t.post("/supervision/complaints/:complaintId/close", t.auth.allow(ADMIN), h.complaints()::close, path("complaintId", uuid(), "complaint"));
    t.get("/supervision/cards", t.auth.allow(ADMIN, DEPARTMENT), h.cards()::list, query("level", oneOf("yellow", "red")),
        query("kind", oneOf(CardRow.KINDS.toArray(String[]::new))), query("state", oneOf(CardRow.STATES.toArray(String[]::new))),
        query("department", text()));
    t.post("/supervision/cards/:cardId/explanation", t.auth.allow(DEPARTMENT), h.cards()::explain, path("cardId", uuid(), "card"), documented());
    t.post("/supervision/cards/:cardId/close", t.auth.allow(ADMIN), h.cards()::close, path("cardId", uuid(), "card"), documented());
    t.get("/stats", t.auth.allow(ADMIN), h.stats()::stats, query("from", blankIsAbsent(dateOrTime())), query("to", blankIsAbsent(dateOrTime())));
    t.get("/admin/dead-letters", t.auth.allow(ADMIN), h.admin()::deadLetters, query("limit", wholeNumber(1, 1000)).orElse(100));
    t.post("/admin/dead-letters/:itemId/replay", t.auth.allow(ADMIN), h.admin()::replay, path("itemId", uuid(), "item"));
    t.get("/admin/waybills/failed", t.auth.allow(ADMIN), h.admin()::failedWaybills, query("limit", wholeNumber(1, 1000)).orElse(100));
    t.post("/admin/waybills/:caseId/replay", t.auth.allow(ADMIN), h.admin()::replayWaybill, path("caseId", uuid(), "case"));
    // the audit trail (who changed or read what); a blank parameter counts as not given
    t.get("/admin/audit", t.auth.allow(ADMIN), h.audit()::search, query("subject", blankIsAbsent(text(200))),
        query("actor", blankIsAbsent(text(200))), query("case", blankIsAbsent(uuid())), query("action", blankIsAbsent(oneOf(AuditAction.class))),
        query("from", blankIsAbsent(dateOrTime())), query("to", blankIsAbsent(dateOrTime())), query("before", blankIsAbsent(AuditCursor.PARAM)),
        query("limit", wholeNumber(1, 1000)).orElse(100));
    t.get("/admin/audit/verify", t.auth.allow(ADMIN), h.audit()::verify, query("day", blankIsAbsent(date())));
    // 一次送达 by EMS: the logistics service's signed reports (no token: the Standard Webhooks signature is checked by the handler)
    t.post("/logistics/callbacks", null, h.logistics()::callback, documented());
    // 跨省通办 between platforms: no token, each message signed by a federation peer (Standard Webhooks)
    t.post("/federation/handoffs", null, h.federation()::handoff, checkedByHandler());
    t.post("/federation/handoffs/:handoffId/status", null, h.federation()::status, path("handoffId", text(200), "handoff"), checkedByHandler());
    t.post("/federation/handoffs/:handoffId/supplement", null, h.federation()::supplement, path("handoffId", text(200), "handoff"), checkedByHandler());
    t.post("/federation/handoffs/:handoffId/withdraw", null, h.federation()::withdraw, path("handoffId", text(200), "handoff"), checkedByHandler());
    // health, metrics, the contract itself: public, also at the root
    Map<String, Handler<RoutingContext>> ops = Map.of("/health/live", h.ops()::live, "/health/ready", h.ops()::ready,
        "/metrics", h.ops()::metrics, "/openapi.yaml", h.ops()::openApi);
    for (String base : new String[] {API, ""}) {
      ops.forEach((path, handler) -> {
        t.index.add(HttpMethod.GET, base + path);
        t.index.add(HttpMethod.HEAD, base + path);
        // the request gate first here too: a broken query is a 400, never a decoding exception in a handler
        router.route(base + path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(RequestGate.of(base + path, false)).handler(handler);
      });
    }

    // the people's pages (/portal/, /window/, /ops/) and their two helpers under /pages/
    h.pages().mount(router);

    router.route().failureHandler(h.failures());
    router.errorHandler(400, RequestGate.onUndecodable(t.index, h.failures()));
    router.errorHandler(404, h.failures());
    router.errorHandler(405, t.index.onMethodNotAllowed(h.failures()));
    return t;
  }

  /**
   * A GET route, also answering HEAD (RFC 9110 §9.3.2: the same status and headers, no body; Vert.x
   * drops the body of an answer to HEAD and keeps its {@code Content-Length}).
   */
  private void get(String path, Handler<RoutingContext> guard, Handler<RoutingContext> handler, RouteInput... reads) {
    route(HttpMethod.GET, path, deadline.handler(), guard, handler, reads).method(HttpMethod.HEAD);
    index.add(HttpMethod.HEAD, API + path);
  }

  /** A GET route that stays open on purpose (SSE, WebSocket), also answering HEAD: no request deadline. */
  private void stream(String path, Handler<RoutingContext> guard, Handler<RoutingContext> handler, RouteInput... reads) {
    route(HttpMethod.GET, path, null, guard, handler, reads).method(HttpMethod.HEAD);
    index.add(HttpMethod.HEAD, API + path);
  }

  /**
   * A department's long poll, waiting up to {@code maxWaitSeconds} for work: its deadline is the request deadline on
   * top of that. Not safe (it leases items), so not answering HEAD.
   */
  private void longPoll(String path, Handler<RoutingContext> guard, Handler<RoutingContext> handler, int maxWaitSeconds,
                        RouteInput... reads) {
    route(HttpMethod.GET, path, deadline.plus(maxWaitSeconds), guard, handler, reads);
  }

  private void post(String path, Handler<RoutingContext> guard, Handler<RoutingContext> handler, RouteInput... reads) {
    route(HttpMethod.POST, path, deadline.handler(), guard, handler, reads);
  }

  /** {@code bounded}: the route's {@link RequestDeadline} handler, null for none (streams). */
  private io.vertx.ext.web.Route route(HttpMethod method, String path, Handler<RoutingContext> bounded, Handler<RoutingContext> guard,
                                       Handler<RoutingContext> handler, RouteInput... reads) {
    var route = router.route(method, API + path);
    index.add(method, API + path);
    RequestReader reader = RequestReader.of(List.of(reads), () -> DOCUMENT.of(method.name(), API + path));
    List<String> inPattern = Arrays.stream(path.split("/")).filter(seg -> seg.startsWith(":")).map(seg -> seg.substring(1)).toList();
    List<String> inLine = reader.params().stream().filter(p -> p.in() == Param.In.PATH).map(Param::name).toList();
    if (!inPattern.equals(inLine)) throw new IllegalStateException(method + " " + path + " declares path parameters " + inLine + ", its pattern has " + inPattern);
    declared.add(new Declared(method, API + path, reader));
    boolean takesBody = method == HttpMethod.POST;
    route.handler(RequestGate.of(API + path, takesBody));
    if (takesBody) route.handler(bodies);
    if (bounded != null) route.handler(bounded); // from when the body has been read: a slow upload is the idle timeout's
    if (guard != null) route.handler(guard);
    if (takesBody) route.handler(Bodies::check);
    route.handler(reader);
    route.handler(handler);
    return route;
  }
}

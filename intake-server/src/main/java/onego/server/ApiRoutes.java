package onego.server;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.LoggerFormat;
import io.vertx.ext.web.handler.LoggerHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import onego.server.web.AuthHandler;
import onego.server.web.Bodies;
import onego.server.web.RequestGate;
import onego.server.web.RequestIds;
import onego.server.web.RouteIndex;

import static onego.server.web.Caller.Role.ADMIN;
import static onego.server.web.Caller.Role.APPLICANT;
import static onego.server.web.Caller.Role.CHANNEL;
import static onego.server.web.Caller.Role.DEPARTMENT;
import static onego.server.web.Caller.Role.HOTLINE;

/**
 * The HTTP API (README "The API in brief", {@code API.md}): every route, the roles it admits
 * (no guard = public) and the handler that serves it. Paths are under {@code /api/v1}; health,
 * metrics and the OpenAPI document also at the root. Every API route first passes its
 * {@link RequestGate} (path and query well-formed and storable, a body JSON), then a POST route
 * reads its body, the guard runs, and the body is checked ({@link Bodies#check}) before the
 * handler; a 405 answer names the route's methods in {@code Allow}.
 */
final class ApiRoutes {
  private static final String API = "/api/v1";

  private final Router router;
  private final AuthHandler auth;
  private final BodyHandler bodies;
  private final RouteIndex index = new RouteIndex();

  private ApiRoutes(Router router, AuthHandler auth, BodyHandler bodies) {
    this.router = router;
    this.auth = auth;
    this.bodies = bodies;
  }

  static Router build(Vertx vertx, Handlers h, int maxBodyBytes) {
    Router router = Router.router(vertx);
    ApiRoutes t = new ApiRoutes(router, h.auth(), BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    var any = t.auth.allow(CHANNEL, APPLICANT, DEPARTMENT, HOTLINE, ADMIN);
    router.route().handler(LoggerHandler.create(LoggerFormat.TINY)); // the access log (its line carries the request's log context)
    router.route().handler(RequestIds::handle).handler(h.drain()); // X-Request-Id and log context; refusal while draining

    // 一次告知: the catalog, public
    t.get("/themes", null, h.catalog()::themes);
    t.get("/things", null, h.catalog()::things);
    t.get("/things/:code", null, h.catalog()::thing);
    t.get("/things/:code/form", null, h.catalog()::form);
    t.get("/departments", null, h.catalog()::departments);
    // shared data (数据共享) and e-certificates
    t.get("/things/:code/prefill", t.auth.allow(CHANNEL, APPLICANT), h.sharedData()::prefill);
    t.get("/ecerts/:ecertRef", t.auth.allow(CHANNEL, APPLICANT, ADMIN, HOTLINE), h.sharedData()::ecert);
    // cases: intake, reading, what the applicant does after
    t.post("/cases", t.auth.allow(CHANNEL), h.intake()::submit);
    t.get("/cases/:caseId", t.auth.allow(CHANNEL, APPLICANT, ADMIN, HOTLINE), h.cases()::get);
    t.get("/applicants/:idNumber/cases", t.auth.allow(APPLICANT, CHANNEL, ADMIN), h.cases()::byApplicant);
    t.post("/cases/:caseId/items/:itemId/supplement", t.auth.allow(CHANNEL, APPLICANT), h.caseActions()::supplement);
    t.post("/cases/:caseId/withdraw", t.auth.allow(CHANNEL, APPLICANT), h.caseActions()::withdraw);
    t.post("/cases/:caseId/rating", t.auth.allow(APPLICANT, CHANNEL), h.ratings()::rate);
    // live progress
    t.get("/cases/:caseId/events", t.auth.allow(CHANNEL, APPLICANT, ADMIN, HOTLINE), h.events()::events);
    t.get("/ws", any, h.ws()::upgrade);
    // departments (后台分类审批)
    t.get("/departments/:code/items", t.auth.allow(DEPARTMENT), h.departments()::pullItems);
    t.post("/departments/:code/items/:itemId/ack", t.auth.allow(DEPARTMENT), h.departments()::ack);
    t.post("/departments/:code/items/:itemId/status", t.auth.allow(DEPARTMENT), h.departments()::status);
    t.get("/departments/:code/queue", t.auth.allow(DEPARTMENT, ADMIN), h.departments()::queue);
    // 12345 hotline
    t.get("/hotline/cases", t.auth.allow(HOTLINE, ADMIN), h.hotline()::search);
    t.get("/hotline/cases/:caseId", t.auth.allow(HOTLINE, ADMIN), h.hotline()::caseStatus);
    // supervision (电子监察, 好差评) and operations
    t.get("/supervision/alerts", t.auth.allow(ADMIN, DEPARTMENT), h.admin()::alerts);
    t.get("/supervision/complaints", t.auth.allow(ADMIN), h.ratings()::complaints);
    t.get("/stats", t.auth.allow(ADMIN), h.stats()::stats);
    t.get("/admin/dead-letters", t.auth.allow(ADMIN), h.admin()::deadLetters);
    t.post("/admin/dead-letters/:itemId/replay", t.auth.allow(ADMIN), h.admin()::replay);
    // the audit trail (who changed or read what)
    t.get("/admin/audit", t.auth.allow(ADMIN), h.audit()::search);
    t.get("/admin/audit/verify", t.auth.allow(ADMIN), h.audit()::verify);
    // health, metrics, the contract itself: public, also at the root
    for (String base : new String[] {API, ""}) {
      for (String ops : new String[] {"/health/live", "/health/ready", "/metrics", "/openapi.yaml"}) t.index.add(HttpMethod.GET, base + ops);
      router.get(base + "/health/live").handler(h.ops()::live);
      router.get(base + "/health/ready").handler(h.ops()::ready);
      router.get(base + "/metrics").handler(PrometheusScrapingHandler.create());
      router.get(base + "/openapi.yaml").handler(h.ops()::openApi);
    }

    // the people's pages (/portal/, /window/, /ops/) and their two helpers under /pages/
    h.pages().mount(router);

    router.route().failureHandler(h.failures());
    router.errorHandler(400, RequestGate.onUndecodable(t.index, h.failures()));
    router.errorHandler(404, h.failures());
    router.errorHandler(405, t.index.onMethodNotAllowed(h.failures()));
    return router;
  }

  private void get(String path, Handler<RoutingContext> guard, Handler<RoutingContext> handler) {
    route(HttpMethod.GET, path, guard, handler);
  }

  private void post(String path, Handler<RoutingContext> guard, Handler<RoutingContext> handler) {
    route(HttpMethod.POST, path, guard, handler);
  }

  private void route(HttpMethod method, String path, Handler<RoutingContext> guard, Handler<RoutingContext> handler) {
    var route = router.route(method, API + path);
    index.add(method, API + path);
    boolean takesBody = method == HttpMethod.POST;
    route.handler(RequestGate.of(API + path, takesBody));
    if (takesBody) route.handler(bodies);
    if (guard != null) route.handler(guard);
    if (takesBody) route.handler(Bodies::check);
    route.handler(handler);
  }
}

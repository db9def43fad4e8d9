package onego.server.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** The HTTP edge; one instance per event loop, all sharing the node's handlers and pool. */
public final class EdgeVerticle extends VerticleBase {
  private static final String API = "/api/v1";

  private final EdgeHandlers h;
  private final int port;
  private final int maxBodyBytes;

  /** The handlers every edge instance shares. */
  public record EdgeHandlers(AuthHandler auth, CatalogHandler catalog, CaseHandler cases, OpsHandler ops,
                             FailureHandler failures, CaseActionsHandler caseActions, DepartmentHandler departments,
                             AdminHandler admin,
                             LiveHandlers live,
                             onego.server.shareddata.SharedDataHandler sharedData) {}

  /** Progress streams, the 12345 hotline, ratings and statistics. */
  public record LiveHandlers(onego.server.streams.EventsHandler events, onego.server.streams.WebSocketHandler ws,
                             onego.server.hotline.HotlineHandler hotline, onego.server.ratings.RatingHandler ratings,
                             onego.server.ratings.StatsHandler stats) {}

  public EdgeVerticle(EdgeHandlers handlers, int port, int maxBodyBytes) {
    this.h = handlers;
    this.port = port;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));

    router.get(API + "/themes").handler(h.catalog()::themes);
    router.get(API + "/things").handler(h.catalog()::things);
    router.get(API + "/things/:code").handler(h.catalog()::thing);
    router.get(API + "/things/:code/form").handler(h.catalog()::form);
    router.get(API + "/departments").handler(h.catalog()::departments);
    router.get(API + "/things/:code/prefill").handler(h.auth()).handler(h.sharedData()::prefill);
    router.get(API + "/ecerts/:ecertRef").handler(h.auth()).handler(h.sharedData()::ecert);

    router.post(API + "/cases").handler(h.auth()).handler(h.cases()::submit);
    router.get(API + "/cases/:caseId").handler(h.auth()).handler(h.cases()::get);
    router.get(API + "/applicants/:idNumber/cases").handler(h.auth()).handler(h.cases()::byApplicant);
    router.post(API + "/cases/:caseId/items/:itemId/supplement").handler(h.auth()).handler(h.caseActions()::supplement);
    router.post(API + "/cases/:caseId/withdraw").handler(h.auth()).handler(h.caseActions()::withdraw);

    router.get(API + "/departments/:code/items").handler(h.auth()).handler(h.departments()::pullItems);
    router.post(API + "/departments/:code/items/:itemId/ack").handler(h.auth()).handler(h.departments()::ack);
    router.post(API + "/departments/:code/items/:itemId/status").handler(h.auth()).handler(h.departments()::status);
    router.get(API + "/departments/:code/queue").handler(h.auth()).handler(h.departments()::queue);

    router.get(API + "/cases/:caseId/events").handler(h.auth()).handler(h.live().events()::events);
    router.get(API + "/ws").handler(h.auth()).handler(h.live().ws()::upgrade);
    router.post(API + "/cases/:caseId/rating").handler(h.auth()).handler(h.live().ratings()::rate);
    router.get(API + "/hotline/cases").handler(h.auth()).handler(h.live().hotline()::search);
    router.get(API + "/hotline/cases/:caseId").handler(h.auth()).handler(h.live().hotline()::caseStatus);
    router.get(API + "/supervision/complaints").handler(h.auth()).handler(h.live().ratings()::complaints);
    router.get(API + "/stats").handler(h.auth()).handler(h.live().stats()::stats);

    router.get(API + "/supervision/alerts").handler(h.auth()).handler(h.admin()::alerts);
    router.get(API + "/admin/dead-letters").handler(h.auth()).handler(h.admin()::deadLetters);
    router.post(API + "/admin/dead-letters/:itemId/replay").handler(h.auth()).handler(h.admin()::replay);

    for (String base : new String[] {API, ""}) {
      router.get(base + "/health/live").handler(h.ops()::live);
      router.get(base + "/health/ready").handler(h.ops()::ready);
      router.get(base + "/metrics").handler(PrometheusScrapingHandler.create());
      router.get(base + "/openapi.yaml").handler(h.ops()::openApi);
    }

    FailureHandler failures = h.failures();
    router.route().failureHandler(failures);
    router.errorHandler(404, ctx -> FailureHandler.write(ctx, ApiError.notFound("no such resource: " + ctx.request().path())));
    router.errorHandler(405, failures);

    return vertx.createHttpServer(new HttpServerOptions().setPort(port).setIdleTimeout(120).setCompressionSupported(true))
        .requestHandler(router)
        .listen();
  }
}

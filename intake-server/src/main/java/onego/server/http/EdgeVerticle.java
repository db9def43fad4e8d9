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
  public record EdgeHandlers(AuthHandler auth, CatalogHandler catalog, CaseHandler cases, OpsHandler ops) {}

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

    router.post(API + "/cases").handler(h.auth()).handler(h.cases()::submit);
    router.get(API + "/cases/:caseId").handler(h.auth()).handler(h.cases()::get);
    router.get(API + "/applicants/:idNumber/cases").handler(h.auth()).handler(h.cases()::byApplicant);

    for (String base : new String[] {API, ""}) {
      router.get(base + "/health/live").handler(h.ops()::live);
      router.get(base + "/health/ready").handler(h.ops()::ready);
      router.get(base + "/metrics").handler(PrometheusScrapingHandler.create());
      router.get(base + "/openapi.yaml").handler(h.ops()::openApi);
    }

    FailureHandler failures = new FailureHandler();
    router.route().failureHandler(failures);
    router.errorHandler(404, ctx -> FailureHandler.write(ctx, ApiError.notFound("no such resource: " + ctx.request().path())));
    router.errorHandler(405, failures);

    return vertx.createHttpServer(new HttpServerOptions().setPort(port).setIdleTimeout(120).setCompressionSupported(true))
        .requestHandler(router)
        .listen();
  }
}

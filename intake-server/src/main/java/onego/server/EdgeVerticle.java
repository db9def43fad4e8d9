package onego.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;

/** The HTTP edge; one instance per event loop, all sharing the node's handlers (and through them its pools). */
final class EdgeVerticle extends VerticleBase {
  private static final int IDLE_TIMEOUT_SECONDS = 120;

  private final Handlers handlers;
  private final int port;
  private final int maxBodyBytes;

  EdgeVerticle(Handlers handlers, int port, int maxBodyBytes) {
    this.handlers = handlers;
    this.port = port;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setPort(port).setIdleTimeout(IDLE_TIMEOUT_SECONDS).setCompressionSupported(true))
        .requestHandler(ApiRoutes.build(vertx, handlers, maxBodyBytes))
        .listen();
  }
}

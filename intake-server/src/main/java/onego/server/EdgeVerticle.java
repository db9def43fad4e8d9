package onego.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;

/** The HTTP edge; one instance per event loop, all sharing the node's handlers (and through them its pools). */
final class EdgeVerticle extends VerticleBase {
  private final Handlers handlers;
  private final int port;
  private final int maxBodyBytes;
  private final int idleTimeoutSeconds;

  EdgeVerticle(Handlers handlers, int port, int maxBodyBytes, int idleTimeoutSeconds) {
    this.idleTimeoutSeconds = idleTimeoutSeconds;
    this.handlers = handlers;
    this.port = port;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setPort(port).setIdleTimeout(idleTimeoutSeconds).setCompressionSupported(true))
        .requestHandler(ApiRoutes.build(vertx, handlers, maxBodyBytes))
        .listen();
  }
}

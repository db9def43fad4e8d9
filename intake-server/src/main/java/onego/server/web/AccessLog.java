package onego.server.web;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.LoggerHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import onego.server.infra.LoggedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line a request ({@link LoggedText#ACCESS_LINE}: method, decoded and masked path, status,
 * bytes, ms), written when the response ends, on the request's context (so with its log context). 5xx at ERROR
 * but 503, OneGo's planned answer (overloaded, draining, a store or the shared-data platform down; its cause is
 * logged where it is met), at WARN; the rest at INFO: a 4xx is the caller's request refused as the contract says,
 * not a fault of the node (refusals are counted in the metrics). A request a handler marked {@link #quiet}: DEBUG. The logger is the
 * one vert.x-web's {@code LoggerHandler} wrote to before, so {@code ONEGO_ACCESS_LOG} still sets its level.
 */
public final class AccessLog implements PlatformHandler {
  private static final Logger log = LoggerFactory.getLogger(LoggerHandler.class);
  private static final String QUIET = "onego.accessLog.quiet";

  /**
   * Writes this request's access line at DEBUG: for an answer that says nothing happened, such as a department's
   * long poll that waited and found no work (a dev node's simulated departments send three every 20 s).
   */
  public static void quiet(RoutingContext ctx) {
    ctx.put(QUIET, Boolean.TRUE);
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addBodyEndHandler(v -> {
      int status = ctx.response().getStatusCode();
      String line = LoggedText.ACCESS_LINE.format(ctx, (System.nanoTime() - start) / 1_000_000);
      if (status >= 500 && status != 503) log.error(line);
      else if (status == 503) log.warn(line);
      else if (ctx.get(QUIET) != null) log.debug(line);
      else log.info(line);
    });
    ctx.next();
  }
}

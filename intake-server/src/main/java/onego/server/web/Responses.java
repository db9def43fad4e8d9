package onego.server.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writing successful JSON answers; an answer that comes after the request was already answered is dropped. */
public final class Responses {
  private Responses() {}

  /**
   * Whether the request has been answered already: its deadline ({@link RequestDeadline}) answered 503 while the
   * work went on. A handler that sets headers before its answer asks this first; the answer itself is dropped here.
   */
  public static boolean answered(RoutingContext ctx) {
    return ctx.response().ended();
  }

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    if (answered(ctx)) return;
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(body.toBuffer());
  }

  /** The same, for a body already encoded as UTF-8 bytes (kept and sent again: the bytes are copied, never changed). */
  public static void json(RoutingContext ctx, int status, byte[] encodedBody) {
    if (answered(ctx)) return;
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(Buffer.buffer(encodedBody));
  }

  /** The same, for a body already encoded (sent as UTF-8). */
  public static void json(RoutingContext ctx, int status, String encodedBody) {
    if (answered(ctx)) return;
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(encodedBody);
  }
}

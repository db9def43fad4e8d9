package onego.server.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writing successful JSON answers. */
public final class Responses {
  private Responses() {}

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(body.toBuffer());
  }

  /** The same, for a body already encoded as UTF-8 bytes (kept and sent again: the bytes are copied, never changed). */
  public static void json(RoutingContext ctx, int status, byte[] encodedBody) {
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(Buffer.buffer(encodedBody));
  }

  /** The same, for a body already encoded (sent as UTF-8). */
  public static void json(RoutingContext ctx, int status, String encodedBody) {
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(encodedBody);
  }
}

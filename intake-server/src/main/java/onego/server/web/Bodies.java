package onego.server.web;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reading JSON request bodies: 415 when not JSON, 400 when not a JSON object. */
public final class Bodies {
  private Bodies() {}

  public static JsonObject json(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase();
    if (!mime.equals("application/json") && !(mime.startsWith("application/") && mime.endsWith("+json"))) {
      throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "the body must be application/json");
    }
    String text = ctx.body() == null ? null : ctx.body().asString("UTF-8");
    if (text == null || text.isBlank()) throw ApiError.badRequest("the body is empty; a JSON object is required");
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException e) {
      throw ApiError.badRequest("malformed JSON: " + firstLine(e.getMessage()));
    }
    if (!(parsed instanceof JsonObject o)) throw ApiError.badRequest("the body must be a JSON object");
    return o;
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    String line = s.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}

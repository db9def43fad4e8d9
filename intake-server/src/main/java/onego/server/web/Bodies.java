package onego.server.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;
import onego.domain.FieldError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Reading JSON request bodies, the same way for every route: 415 when the body is not JSON; 400
 * when it is empty, not strictly UTF-8 (naming the field that holds the bad bytes where it can be
 * found), malformed JSON or not a JSON object; 422 naming every field (member names included)
 * whose text PostgreSQL cannot store ({@link StorableText}). {@link #check} runs on every route
 * that takes a body, so even a body its handler ignores is never unchecked.
 */
public final class Bodies {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String PARSED = "onego.body";

  private Bodies() {}

  /** A route handler: a non-empty body must be a storable JSON object (else the failure above); an empty one is left to the handler. */
  public static void check(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() <= 0) {
      ctx.next();
      return;
    }
    try {
      ctx.put(PARSED, parse(ctx));
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    ctx.next();
  }

  /** The body as a JSON object; fails as described above. */
  public static JsonObject json(RoutingContext ctx) {
    JsonObject parsed = ctx.get(PARSED);
    return parsed != null ? parsed : parse(ctx);
  }

  private static JsonObject parse(RoutingContext ctx) {
    if (!isJson(ctx.request().getHeader("Content-Type"))) throw notJson();
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) throw emptyBody();
    byte[] bytes = body.getBytes();
    StorableText.Decoded decoded = StorableText.utf8(bytes);
    if (!decoded.ok()) {
      String reason = "invalid UTF-8 at byte " + decoded.badByte() + " of the body";
      throw DomainError.badRequest("the body is not valid UTF-8 (" + reason + ")",
          List.of(new FieldError(fieldAt(new String(bytes, StandardCharsets.UTF_8), decoded.badChar()), reason)));
    }
    if (decoded.text().isBlank()) throw emptyBody();
    Object parsed;
    try {
      parsed = Json.decodeValue(decoded.text());
    } catch (DecodeException e) {
      throw ApiError.badRequest("malformed JSON: " + firstLine(e.getMessage()));
    }
    if (!(parsed instanceof JsonObject o)) throw ApiError.badRequest("the body must be a JSON object");
    List<FieldError> unstorable = StorableText.scan(o);
    if (!unstorable.isEmpty()) throw DomainError.invalid(unstorable);
    return o;
  }

  /** Whether a {@code Content-Type} names JSON ({@code application/json} or {@code application/*+json}). */
  public static boolean isJson(String contentType) {
    String mime = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase();
    return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
  }

  public static ApiError notJson() {
    return new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "the body must be application/json");
  }

  private static ApiError emptyBody() {
    return ApiError.badRequest("the body is empty; a JSON object is required");
  }

  /**
   * The path of the JSON member or value holding character {@code index} of {@code text} (the
   * body decoded with replacement, so indexes up to the first bad byte are those of the strict
   * decoding); {@code body} when the JSON breaks before it or it lies outside any string.
   */
  static String fieldAt(String text, int index) {
    try (JsonParser p = JSON.createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        long start = p.currentTokenLocation().getCharOffset();
        if (start > index) break;
        if (t != JsonToken.FIELD_NAME && t != JsonToken.VALUE_STRING) continue;
        p.getText(); // reads the token to its end
        if (p.currentLocation().getCharOffset() > index) return path(p);
      }
    } catch (IOException | RuntimeException e) {
      // the JSON is broken before the bad byte: say so for the whole body
    }
    return "body";
  }

  private static String path(JsonParser p) {
    ArrayDeque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
      parts.push(c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + StorableText.visible(String.valueOf(c.getCurrentName())));
    }
    String s = String.join("", parts);
    return s.isEmpty() ? "body" : s.startsWith(".") ? s.substring(1) : s;
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    String line = s.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}

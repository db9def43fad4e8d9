package onego.server.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Conditional GETs for answers that change rarely (the catalog: themes, things, notices, forms,
 * departments), which portals poll: a strong {@code ETag} (RFC 9110 §8.8.3) made from the
 * answer's bytes (SHA-256, base64url, first 16 bytes), and {@code 304 Not Modified} without a body
 * when {@code If-None-Match} names it (§13.1.2: weak comparison, a list of tags or {@code *}).
 */
public final class EntityTags {
  private EntityTags() {}

  /**
   * An answer's JSON bytes and their tag, made once: the catalog's themes, departments and notices do not
   * change while the node runs, so they are serialized and hashed at start, not on every GET.
   */
  public record Tagged(byte[] bytes, String tag) {
    /** {@code body} serialized and tagged. */
    public static Tagged of(JsonObject body) {
      byte[] bytes = body.toBuffer().getBytes();
      return new Tagged(bytes, tagOf(bytes));
    }
  }

  /** Answers {@code body} as JSON (200) with its {@code ETag}, or 304 when the caller holds it already. */
  public static void json(RoutingContext ctx, JsonObject body) {
    json(ctx, Tagged.of(body));
  }

  /** As {@link #json(RoutingContext, JsonObject)}, for an answer tagged before. */
  public static void json(RoutingContext ctx, Tagged answer) {
    if (Responses.answered(ctx)) return;
    ctx.response().putHeader(HttpHeaders.ETAG, answer.tag());
    if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), answer.tag())) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8").end(Buffer.buffer(answer.bytes()));
  }

  /** The strong entity tag of {@code bytes}, quoted. */
  static String tagOf(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Whether {@code ifNoneMatch} ({@code *} or a comma-separated list of tags, weak or strong) names {@code tag}. */
  static boolean matches(String ifNoneMatch, String tag) {
    if (ifNoneMatch == null) return false;
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.equals("*")) return true;
      if (c.startsWith("W/")) c = c.substring(2);
      if (c.equals(tag)) return true;
    }
    return false;
  }
}

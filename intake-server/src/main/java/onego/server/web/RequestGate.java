package onego.server.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import onego.domain.DomainError;
import onego.domain.FieldError;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first handler of every API route, before the body is read and before authentication: the
 * raw path and query must be well-formed percent-encoding (RFC 3986) of UTF-8 text PostgreSQL can
 * store ({@link StorableText}), else 400 BAD_REQUEST naming the path or query parameter; a route
 * that takes a body refuses one that is not JSON with 415 before anything decodes it (a form
 * body would otherwise be parsed as form fields). A {@link PlatformHandler}, so that Vert.x Web
 * lets it run before the body handler.
 */
public final class RequestGate implements PlatformHandler {
  private final String[] pattern;
  private final boolean takesBody;

  private RequestGate(String pattern, boolean takesBody) {
    this.pattern = pattern.split("/", -1);
    this.takesBody = takesBody;
  }

  /** The gate of the route {@code pattern} ({@code /api/v1/cases/:caseId}); {@code takesBody} for routes reading a JSON body. */
  public static RequestGate of(String pattern, boolean takesBody) {
    return new RequestGate(pattern, takesBody);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    List<FieldError> bad = problems(req, pattern);
    if (!bad.isEmpty()) {
      ctx.fail(invalid(bad));
    } else if (takesBody && hasBody(req) && !Bodies.isJson(req.getHeader(HttpHeaders.CONTENT_TYPE))) {
      ctx.fail(Bodies.notJson());
    } else {
      ctx.next();
    }
  }

  /**
   * The handler of the 400s Vert.x Web answers itself, when it cannot decode a route's path
   * parameter or the query while matching: the same answer as the gate's, naming the parameter
   * by the pattern of the route the path matches in {@code routes}.
   */
  public static Handler<RoutingContext> onUndecodable(RouteIndex routes, FailureHandler failures) {
    return ctx -> {
      String pattern = routes.pattern(ctx.request().path());
      List<FieldError> bad = problems(ctx.request(), pattern == null ? new String[0] : pattern.split("/", -1));
      FailureHandler.write(ctx, failures.toApiError(bad.isEmpty() ? DomainError.badRequest("the request could not be decoded") : invalid(bad), "router"));
    };
  }

  private static DomainError invalid(List<FieldError> bad) {
    return DomainError.badRequest("the request's path or query is not valid: " + bad.get(0).field() + " " + bad.get(0).reason(), bad);
  }

  private static List<FieldError> problems(HttpServerRequest req, String[] pattern) {
    List<FieldError> bad = new ArrayList<>();
    checkPath(req.path(), pattern, bad);
    checkQuery(req.query(), bad);
    return bad;
  }

  private static void checkPath(String raw, String[] pattern, List<FieldError> bad) {
    if (raw == null) return;
    String[] segments = raw.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String problem = problem(segments[i], false);
      if (problem == null) continue;
      boolean named = segments.length == pattern.length && pattern[i].startsWith(":");
      bad.add(new FieldError(named ? pattern[i].substring(1) : "path", problem));
    }
  }

  private static void checkQuery(String raw, List<FieldError> bad) {
    if (raw == null || raw.isEmpty()) return;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      String nameProblem = problem(rawName, true);
      String name = nameProblem == null ? URLDecoder.decode(rawName, StandardCharsets.UTF_8) : "query";
      String problem = nameProblem != null ? "a parameter name " + nameProblem : eq < 0 ? null : problem(pair.substring(eq + 1), true);
      if (problem != null) bad.add(new FieldError(name, problem));
    }
  }

  /** Why a raw path segment or query component is not storable percent-encoded UTF-8, or null. */
  static String problem(String raw, boolean plusIsSpace) {
    byte[] bytes = new byte[raw.length()];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
        if (lo < 0) return "has broken percent-encoding at \"" + raw.substring(i, Math.min(raw.length(), i + 3)) + "\"";
        bytes[n++] = (byte) (hi * 16 + lo);
        i += 2;
      } else if (c > 0xFF) {
        return "has a character that is not percent-encoded";
      } else {
        bytes[n++] = (byte) (plusIsSpace && c == '+' ? ' ' : c); // the wire's bytes, as HTTP/1.1 hands them over
      }
    }
    StorableText.Decoded text = StorableText.utf8(Arrays.copyOf(bytes, n));
    if (!text.ok()) return "is not valid UTF-8 once percent-decoded (byte " + text.badByte() + ")";
    return StorableText.problem(text.text());
  }

  private static boolean hasBody(HttpServerRequest req) {
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) return !length.trim().equals("0");
    return req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
  }
}

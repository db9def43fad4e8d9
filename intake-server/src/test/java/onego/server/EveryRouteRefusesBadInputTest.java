package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.Jwts;
import onego.server.support.NodeTest;
import onego.server.support.RawHttp;
import onego.server.support.RouteTable.Route;
import onego.server.support.RouteTable;
import onego.server.support.Submissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of {@code ApiRoutes} (read from its source, so a new route is covered the day it is
 * added) against the kinds of bad input of issue 9: parameters that are broken percent-encoding,
 * invalid UTF-8, NUL or an unpaired surrogate (400 naming the parameter); bodies with text the
 * database cannot store (422 naming the field), invalid UTF-8 bytes (400 naming the field), a
 * JSON body sent as a form (415); another method (405 with {@code Allow}). Never a 5xx.
 */
class EveryRouteRefusesBadInputTest extends NodeTest {
  private static final List<String> BAD_SEGMENTS = List.of("a%00b", "%C3%28", "%ED%A0%80", "%zz", "%");
  private static String department;
  private static RawHttp raw;

  static List<Route> routes() {
    return RouteTable.routes();
  }

  static List<Route> routesWithPathParameters() {
    return routes().stream().filter(r -> !r.params().isEmpty()).toList();
  }

  static List<Route> routesWithBodies() {
    return routes().stream().filter(r -> r.method().equals("POST")).toList();
  }

  @BeforeAll
  static void pickDepartment() {
    department = http.get("/api/v1/departments").json().getJsonArray("departments").getJsonObject(0).getString("code");
    raw = new RawHttp(node.port());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routesWithPathParameters")
  void aBrokenOrUnstorablePathParameterIsA400NamingIt(Route route) {
    for (String param : route.params()) {
      for (String bad : BAD_SEGMENTS) {
        RawHttp.Response r = send(route, path(route, param, bad), null, null);
        assertThat(r.status()).as("%s with %s = %s: %s", route, param, bad, r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("BAD_REQUEST");
        if (!bad.equals("%") && !bad.equals("%zz")) assertThat(r.fields()).as("%s %s", route, bad).contains(param);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void aBrokenOrUnstorableQueryParameterIsA400NamingIt(Route route) {
    Map<String, String> cases = Map.of("q=%%%%", "q", "limit=%", "limit", "idNumber=%00", "idNumber", "after=%C3%28", "after",
        "phone=%ED%A0%80", "phone", "%zz=1", "query", "x=1&note=a%00", "note");
    cases.forEach((query, field) -> {
      RawHttp.Response r = send(route, path(route, null, null) + "?" + query, null, null);
      assertThat(r.status()).as("%s ?%s: %s", route, query, r.body()).isEqualTo(400);
      assertThat(r.fields()).as("%s ?%s", route, query).contains(field);
    });
  }

  /**
   * The routes outside the API table (the pages, their helpers, health, metrics and the document, at the root and
   * under /api/v1) pass the same gate: a broken or unstorable query is a 400, never a decoding exception's 500.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/pages/qr.svg", "/pages/signin.json", "/portal/", "/window/window.js", "/favicon.ico", "/health/live",
      "/health/ready", "/metrics", "/openapi.yaml", "/api/v1/metrics", "/api/v1/health/ready", "/api/v1/openapi.yaml"})
  void theRoutesOutsideTheTableRefuseABrokenQueryToo(String path) {
    for (String query : List.of("%zz=1", "text=%", "text=a%00b", "items=%C3%28", "q=%ED%A0%80")) {
      RawHttp.Response r = raw.get(path + "?" + query, null);
      assertThat(r.status()).as("%s?%s: %s", path, query, r.body()).isEqualTo(400);
      assertThat(r.errorCode()).isEqualTo("BAD_REQUEST");
    }
    assertThat(raw.get(path, null).status()).as("%s without a query", path).isLessThan(500);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routesWithBodies")
  void aBodyWithTextTheDatabaseCannotStoreIsA422NamingTheField(Route route) {
    Map<String, String> cases = Map.of(
        "{\"note\": \"\\u738b\\u0000\\u660e\"}", "note",
        "{\"score\": 1, \"comment\": \"\\ud800\"}", "comment",
        "{\"form\": {\"babyName\": \"x\\udc00y\"}}", "form.babyName",
        "{\"materials\": [{\"code\": \"a\\u0000\"}]}", "materials[0].code",
        "{\"a\\u0000b\": 1}", "a\\u0000b",
        "{\"form\": {\"weight\": 1e400}}", "form.weight");
    cases.forEach((body, field) -> {
      RawHttp.Response r = send(route, path(route, null, null), "application/json", body.getBytes(StandardCharsets.UTF_8));
      assertThat(r.status()).as("%s %s: %s", route, body, r.body()).isEqualTo(422);
      assertThat(r.errorCode()).isEqualTo("VALIDATION_FAILED");
      assertThat(r.fields()).as("%s %s", route, body).contains(field);
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routesWithBodies")
  void invalidUtf8BytesInABodyAreA400NamingTheFieldNotReplaced(Route route) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("{\"applicant\": {\"name\": \"".getBytes(StandardCharsets.UTF_8));
    body.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xE5, (byte) 0xA8, (byte) 0x9C}); // the bytes: C3 is no lead of 28
    body.writeBytes("\"}}".getBytes(StandardCharsets.UTF_8));
    RawHttp.Response r = send(route, path(route, null, null), "application/json", body.toByteArray());
    assertThat(r.status()).as("%s: %s", route, r.body()).isEqualTo(400);
    assertThat(r.fields()).contains("applicant.name");
    RawHttp.Response surrogate = send(route, path(route, null, null), "application/json",
        new byte[] {'{', '"', 'n', 'o', 't', 'e', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});
    assertThat(surrogate.status()).as("%s CESU-8 surrogate: %s", route, surrogate.body()).isEqualTo(400);
    assertThat(surrogate.fields()).contains("note");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routesWithBodies")
  void aJsonBodySentAsAFormIs415(Route route) {
    for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain")) {
      RawHttp.Response r = send(route, path(route, null, null), type, "{\"note\": \"100%\", \"a\": \"%zz\"}".getBytes(StandardCharsets.UTF_8));
      assertThat(r.status()).as("%s as %s: %s", route, type, r.body()).isEqualTo(415);
      assertThat(r.errorCode()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void anotherMethodIs405WithAllow(Route route) {
    for (String method : List.of("DELETE", "PUT", "PATCH")) {
      RawHttp.Response r = raw.send(method, path(route, null, null), Map.of("Authorization", "Bearer dev-admin"), null);
      assertThat(r.status()).as("%s %s", method, route).isEqualTo(405);
      assertThat(r.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
      assertThat(r.header("Allow")).as("%s %s", method, route).contains(route.method()).doesNotContain(method);
    }
  }

  /** The route's path with plausible values, {@code param} set to the raw {@code value}. */
  private static String path(Route route, String param, String value) {
    StringBuilder out = new StringBuilder();
    for (String segment : route.path().substring(1).split("/")) {
      out.append('/');
      if (!segment.startsWith(":")) out.append(segment);
      else if (segment.substring(1).equals(param)) out.append(value);
      else out.append(plausible(route, segment.substring(1)));
    }
    return out.toString();
  }

  private static String plausible(Route route, String param) {
    return switch (param) {
      case "code" -> route.path().startsWith("/api/v1/things") ? "newborn" : department;
      case "idNumber" -> Submissions.idNumber(5);
      case "ecertRef" -> "EC-resident-id-card-" + Submissions.idNumber(5);
      default -> UUID.randomUUID().toString();
    };
  }

  /** A token the route's guard admits (null for public routes). */
  private static String token(Route route) {
    if (route.isPublic()) return null;
    for (String role : List.of("ADMIN", "CHANNEL", "DEPARTMENT", "HOTLINE", "APPLICANT")) {
      if (!route.roles().contains(role)) continue;
      return switch (role) {
        case "ADMIN" -> "dev-admin";
        case "CHANNEL" -> "dev-portal";
        case "DEPARTMENT" -> "dev-dept-" + department;
        case "HOTLINE" -> "dev-hotline";
        default -> Jwts.dev(new JsonObject().put("role", "applicant").put("sub", Submissions.idNumber(5)));
      };
    }
    throw new IllegalStateException("no token for " + route);
  }

  private static RawHttp.Response send(Route route, String target, String contentType, byte[] body) {
    String token = token(route);
    if (route.method().equals("POST")) return raw.post(target, token, contentType, body);
    return raw.get(target, token);
  }
}

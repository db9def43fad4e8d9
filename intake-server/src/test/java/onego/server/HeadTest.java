package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.Jwts;
import onego.server.support.NodeTest;
import onego.server.support.RawHttp;
import onego.server.support.RouteTable;
import onego.server.support.RouteTable.Route;
import onego.server.support.Submissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code HEAD} on every GET route of the route table (read from {@code ApiRoutes}' source, so a new
 * route is covered the day it is added), the root health/metrics/document routes and the pages:
 * RFC 9110 §9.3.2, the status and headers GET answers, no body. The one unsafe GET (a department's
 * pull, which leases items) answers HEAD with 405 and {@code Allow: GET}.
 */
class HeadTest extends NodeTest {
  /**
   * Headers whose value is made per answer, and the size of the body, which RFC 9110 lets a HEAD
   * answer leave out ("determined only while generating the content"; Vert.x does).
   */
  private static final Set<String> NOT_COMPARED = Set.of("x-request-id", "date", "content-length", "transfer-encoding");
  private static String department;
  private static RawHttp raw;

  @BeforeAll
  static void setUp() {
    department = http.get("/api/v1/departments").json().getJsonArray("departments").getJsonObject(0).getString("code");
    raw = new RawHttp(node.port());
  }

  static Stream<String> targets() {
    Stream<String> api = RouteTable.routes().stream().filter(Route::answersHead).map(r -> r.path() + " " + String.join(",", r.roles()));
    Stream<String> others = Stream.of("/health/live", "/health/ready", "/metrics", "/openapi.yaml", "/api/v1/openapi.yaml",
        "/api/v1/health/live", "/portal/", "/portal/portal.js", "/pages/signin.json", "/pages/qr.svg?text=abc", "/pages/qr.svg",
        "/api/v1/nowhere");
    return Stream.concat(api, others.map(p -> p + " -")).map(t -> t.endsWith(" ") ? t + "-" : t);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void headAnswersWhatGetAnswersWithoutTheBody(String target) {
    String[] parts = target.split(" ");
    String path = concrete(parts[0]);
    String token = parts.length < 2 || parts[1].equals("-") ? null : token(List.of(parts[1].split(",")));
    Map<String, String> headers = token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    RawHttp.Response get = raw.send("GET", path, headers, null);
    RawHttp.Response head = raw.send("HEAD", path, headers, null);
    assertThat(head.status()).as("HEAD %s (GET answered %s)", path, get.status()).isEqualTo(get.status());
    assertThat(head.body()).as("HEAD %s", path).isEmpty();
    assertThat(names(head)).as("HEAD %s", path).isEqualTo(names(get));
    assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
  }

  @Test
  void theHeadersOfAnEventStreamComeAtOnceWithoutTheStream() {
    String caseId = submitted();
    RawHttp.Response head = raw.send("HEAD", "/api/v1/cases/" + caseId + "/events",
        Map.of("Authorization", "Bearer dev-portal", "Accept", "text/event-stream"), null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Type")).startsWith("text/event-stream");
    assertThat(head.body()).isEmpty();
  }

  @Test
  void aPullLeasesItemsSoItAnswersNoHead() {
    RawHttp.Response head = raw.send("HEAD", "/api/v1/departments/" + department + "/items",
        Map.of("Authorization", "Bearer dev-dept-" + department), null);
    assertThat(head.status()).isEqualTo(405);
    assertThat(head.header("Allow")).isEqualTo("GET");
  }

  @Test
  void allowNamesHeadBesideGet() {
    RawHttp.Response r = raw.send("DELETE", "/api/v1/things", Map.of(), null);
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
  }

  private static String submitted() {
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    var r = http.postCase("dev-portal", "head-" + UUID.randomUUID(), Submissions.fromNotice(notice, Submissions.idNumber()).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("caseId");
  }

  private static Set<String> names(RawHttp.Response r) {
    Set<String> out = new TreeSet<>(r.headers().keySet());
    out.removeAll(NOT_COMPARED);
    return out;
  }

  private static String concrete(String pattern) {
    StringBuilder out = new StringBuilder();
    String[] pathAndQuery = pattern.split("\\?", 2);
    for (String segment : pathAndQuery[0].substring(1).split("/", -1)) {
      out.append('/');
      if (!segment.startsWith(":")) out.append(segment);
      else out.append(switch (segment.substring(1)) {
        case "code" -> pattern.startsWith("/api/v1/things") ? "newborn" : department;
        case "idNumber" -> Submissions.idNumber(5);
        case "ecertRef" -> "EC-resident-id-card-" + Submissions.idNumber(5);
        default -> UUID.randomUUID().toString();
      });
    }
    if (pathAndQuery.length > 1) out.append('?').append(pathAndQuery[1]);
    return out.toString();
  }

  /** A token a guard admitting {@code roles} admits. */
  private static String token(List<String> roles) {
    Map<String, String> byRole = new LinkedHashMap<>();
    byRole.put("ADMIN", "dev-admin");
    byRole.put("CHANNEL", "dev-portal");
    byRole.put("DEPARTMENT", "dev-dept-" + department);
    byRole.put("HOTLINE", "dev-hotline");
    byRole.put("APPLICANT", Jwts.dev(new JsonObject().put("role", "applicant").put("sub", Submissions.idNumber(5))));
    for (var e : byRole.entrySet()) if (roles.contains(e.getKey())) return e.getValue();
    throw new IllegalStateException("no token for " + roles);
  }
}

package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.NodeTest;
import onego.server.support.Jwts;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuthTest extends NodeTest {
  private static JsonObject notice;

  @BeforeAll
  static void readNotice() {
    notice = http.get("/api/v1/things/newborn").json();
  }

  private static String submit(String token, String idNumber) {
    Http.Response r = http.postCase(token, "auth-" + System.nanoTime(), Submissions.fromNotice(notice, idNumber).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("caseId");
  }

  @Test
  void catalogAndOpsArePublicEverythingElseNeedsAToken() {
    assertThat(http.get("/api/v1/themes").status()).isEqualTo(200);
    assertThat(http.get("/api/v1/health/live").status()).isEqualTo(200);
    assertThat(http.get("/api/v1/openapi.yaml").status()).isEqualTo(200);
    Http.Response none = http.postCase(null, "k", "{}");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.errorCode()).isEqualTo("UNAUTHORIZED");
    assertThat(http.postCase("not-a-key", "k", "{}").status()).isEqualTo(401);
    assertThat(http.get("/api/v1/cases/" + java.util.UUID.randomUUID()).status()).isEqualTo(401);
  }

  @Test
  void onlyChannelsSubmit() {
    String body = Submissions.fromNotice(notice, Submissions.idNumber()).encode();
    for (String token : new String[] {"dev-hotline", "dev-admin", "dev-dept-health"}) {
      Http.Response r = http.postCase(token, "k", body);
      assertThat(r.status()).as(token).isEqualTo(403);
      assertThat(r.errorCode()).isEqualTo("FORBIDDEN");
    }
    assertThat(TestServices.count("SELECT count(*) FROM cases")).isZero();
  }

  @Test
  void caseVisibilityFollowsTheContract() {
    String id = Submissions.idNumber();
    String caseId = submit("dev-portal", id);
    String path = "/api/v1/cases/" + caseId;
    assertThat(http.get(path, "dev-portal").status()).isEqualTo(200);
    assertThat(http.get(path, "dev-admin").status()).isEqualTo(200);
    assertThat(http.get(path, "dev-mobile").status()).as("another channel's case").isEqualTo(404);
    assertThat(http.get(path, "dev-dept-health").status()).isEqualTo(403);
    String self = Jwts.dev(new JsonObject().put("role", "applicant").put("sub", id));
    String other = Jwts.dev(new JsonObject().put("role", "applicant").put("sub", Submissions.idNumber()));
    assertThat(http.get(path, self).status()).isEqualTo(200);
    assertThat(http.get(path, other).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/cases/not-a-uuid", "dev-admin").status()).isEqualTo(404);
  }

  @Test
  void hotlineSeesAMaskedView() {
    String id = Submissions.idNumber();
    String caseId = submit("dev-portal", id);
    Http.Response r = http.get("/api/v1/cases/" + caseId, "dev-hotline");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).doesNotContain(id).doesNotContain("13800138000").doesNotContain("张三");
    JsonObject applicant = r.json().getJsonObject("applicant");
    assertThat(applicant.getString("idNumber")).isEqualTo(id.substring(0, 3) + "*".repeat(11) + id.substring(14));
    assertThat(applicant.getString("phone")).isEqualTo("138****8000");
    assertThat(applicant.getString("name")).isEqualTo("张*");
    assertThat(r.json().containsKey("form")).isFalse();
  }

  @Test
  void applicantListsOnlyOwnCasesAndChannelsOnlyTheirs() {
    String id = Submissions.idNumber();
    String byPortal = submit("dev-portal", id);
    String byMobile = submit("dev-mobile", id);
    String self = Jwts.dev(new JsonObject().put("role", "applicant").put("sub", id));
    assertThat(http.get("/api/v1/applicants/" + id + "/cases", self).json().getJsonArray("cases")).hasSize(2);
    assertThat(http.get("/api/v1/applicants/" + Submissions.idNumber() + "/cases", self).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/applicants/" + id + "/cases", "dev-portal").json().getJsonArray("cases").getJsonObject(0)
        .getString("caseId")).isEqualTo(byPortal);
    assertThat(http.get("/api/v1/applicants/" + id + "/cases", "dev-mobile").json().getJsonArray("cases")).hasSize(1)
        .allSatisfy(c -> assertThat(((JsonObject) c).getString("caseId")).isEqualTo(byMobile));
    assertThat(http.get("/api/v1/applicants/" + id + "/cases", "dev-hotline").status()).isEqualTo(403);
  }

  @Test
  void jwtChannelTokensWorkAndBadTokensDoNot() {
    String channel = Jwts.dev(new JsonObject().put("role", "channel").put("channel", "kiosk").put("sub", "kiosk-17"));
    Http.Response ok = http.postCase(channel, "jwt-1", Submissions.fromNotice(notice, Submissions.idNumber()).encode());
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(ok.json().getString("channel")).isEqualTo("kiosk");

    String forged = Jwts.hs256(new JsonObject().put("role", "channel").put("channel", "pc"), "another-secret-another-secret-0123456789");
    assertThat(http.postCase(forged, "jwt-2", "{}").status()).isEqualTo(401);
    long past = System.currentTimeMillis() / 1000 - 3600;
    String expired = Jwts.hs256(new JsonObject().put("role", "channel").put("channel", "pc").put("exp", past), Jwts.DEV_SECRET);
    assertThat(http.postCase(expired, "jwt-3", "{}").status()).isEqualTo(401);
    String noRole = Jwts.dev(new JsonObject().put("channel", "pc"));
    assertThat(http.postCase(noRole, "jwt-4", "{}").status()).isEqualTo(401);
    String badChannel = Jwts.dev(new JsonObject().put("role", "channel").put("channel", "fax"));
    assertThat(http.postCase(badChannel, "jwt-5", "{}").status()).isEqualTo(401);
  }

  @Test
  void overTheRateLimitIs429WithRetryAfter() throws Exception {
    Path overlay = Files.createTempFile("onego-rate", ".yaml");
    Files.writeString(overlay, "rateLimit:\n  roles:\n    channel: {perSecond: 0.2, burst: 2}\n");
    try (TestNode limited = TestNode.start(Map.of("ONEGO_CONFIG", overlay.toString()))) {
      Http h = limited.http();
      assertThat(h.get("/api/v1/cases/" + java.util.UUID.randomUUID(), "dev-portal").status()).isEqualTo(404);
      assertThat(h.get("/api/v1/cases/" + java.util.UUID.randomUUID(), "dev-portal").status()).isEqualTo(404);
      Http.Response third = h.get("/api/v1/cases/" + java.util.UUID.randomUUID(), "dev-portal");
      assertThat(third.status()).isEqualTo(429);
      assertThat(third.errorCode()).isEqualTo("RATE_LIMITED");
      assertThat(Integer.parseInt(third.header("Retry-After"))).isPositive();
      assertThat(h.get("/api/v1/cases/" + java.util.UUID.randomUUID(), "dev-admin").status()).as("limits are per token").isEqualTo(404);
    } finally {
      Files.deleteIfExists(overlay);
    }
  }
}

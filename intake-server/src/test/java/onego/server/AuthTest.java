package onego.server;

import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.Jwts;
import onego.server.support.NodeTest;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import onego.server.support.WsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

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
      Http.Response first = h.get("/api/v1/cases/" + java.util.UUID.randomUUID(), "dev-portal");
      assertThat(first.status()).isEqualTo(404);
      // IETF httpapi RateLimit fields: the role's bucket (2 requests, refilled over 10 s) and what is left of it
      assertThat(first.header("RateLimit-Policy")).isEqualTo("\"channel\";q=2;w=10");
      assertThat(first.header("RateLimit")).matches("\"channel\";r=1;t=[1-5]");
      Http.Response second = h.get("/api/v1/cases/" + java.util.UUID.randomUUID(), "dev-portal");
      assertThat(second.status()).isEqualTo(404);
      assertThat(second.header("RateLimit")).matches("\"channel\";r=0;t=([1-9]|10)");
      Http.Response third = h.get("/api/v1/cases/" + java.util.UUID.randomUUID(), "dev-portal");
      assertThat(third.status()).isEqualTo(429);
      assertThat(third.errorCode()).isEqualTo("RATE_LIMITED");
      assertThat(Integer.parseInt(third.header("Retry-After"))).isPositive();
      assertThat(third.header("RateLimit")).startsWith("\"channel\";r=0;t=");
      assertThat(third.header("RateLimit-Policy")).isEqualTo("\"channel\";q=2;w=10");
      assertThat(h.get("/api/v1/things").header("RateLimit")).as("public routes are not rate-limited").isNull();
      assertThat(h.get("/api/v1/cases/" + java.util.UUID.randomUUID(), "dev-admin").status()).as("limits are per token").isEqualTo(404);
    } finally {
      Files.deleteIfExists(overlay);
    }
  }

  private static String message(Http.Response r) {
    return r.json().getJsonObject("error").getString("message");
  }

  private static String token(JsonObject claims) {
    return Jwts.hs256(claims, Jwts.DEV_SECRET);
  }

  @Test
  void jwtsMustCarryExpWithinTheMaximumLifetime() {
    long now = System.currentTimeMillis() / 1000;
    JsonObject admin = new JsonObject().put("role", "admin");
    String path = "/api/v1/cases/" + UUID.randomUUID();
    assertThat(http.get(path, token(admin.copy().put("iat", now).put("exp", now + 3600))).status()).as("an hour is fine").isEqualTo(404);
    assertThat(http.get(path, token(admin.copy().put("exp", now + 600))).status()).as("no iat: exp - now").isEqualTo(404);

    Http.Response noExp = http.get(path, token(admin.copy().put("iat", now)));
    assertThat(noExp.status()).isEqualTo(401);
    assertThat(message(noExp)).contains("no exp claim");
    Http.Response tenYears = http.get(path, token(admin.copy().put("iat", now).put("exp", now + 315_360_000L)));
    assertThat(tenYears.status()).isEqualTo(401);
    assertThat(message(tenYears)).contains("lives 315360000 s (exp - iat)").contains("at most 3600 s");
    Http.Response farExp = http.get(path, token(admin.copy().put("exp", now + 7200)));
    assertThat(farExp.status()).isEqualTo(401);
    assertThat(message(farExp)).contains("(exp - now)");
    Http.Response issuedLongAgo = http.get(path, token(admin.copy().put("iat", now - 7200).put("exp", now + 60)));
    assertThat(issuedLongAgo.status()).as("a token issued two hours ago for 2 h 1 min").isEqualTo(401);
    Http.Response textExp = http.get(path, token(admin.copy().put("exp", "tomorrow")));
    assertThat(textExp.status()).isEqualTo(401);
    assertThat(textExp.header("WWW-Authenticate")).isEqualTo("Bearer");
  }

  @Test
  void issuerAndAudienceAreCheckedWhenConfigured() {
    try (TestNode n = TestNode.start(Overlays.env("auth: {jwt: {issuer: \"https://sso.test\", audience: onego}}\n"))) {
      Http h = n.http();
      long now = System.currentTimeMillis() / 1000;
      JsonObject ok = new JsonObject().put("role", "admin").put("iat", now).put("exp", now + 600).put("iss", "https://sso.test");
      String path = "/api/v1/cases/" + UUID.randomUUID();
      assertThat(h.get(path, token(ok.copy().put("aud", "onego"))).status()).isEqualTo(404);
      assertThat(h.get(path, token(ok.copy().put("aud", new JsonArray().add("portal").add("onego")))).status()).isEqualTo(404);
      Http.Response noIss = h.get(path, token(ok.copy().put("aud", "onego").putNull("iss")));
      assertThat(noIss.status()).isEqualTo(401);
      assertThat(message(noIss)).contains("iss");
      Http.Response otherIss = h.get(path, token(ok.copy().put("aud", "onego").put("iss", "https://evil.test")));
      assertThat(otherIss.status()).isEqualTo(401);
      Http.Response otherAud = h.get(path, token(ok.copy().put("aud", new JsonArray().add("portal"))));
      assertThat(otherAud.status()).isEqualTo(401);
      assertThat(message(otherAud)).contains("aud");
      assertThat(h.get(path, token(ok)).status()).as("no aud").isEqualTo(401);
      assertThat(h.get(path, "dev-admin").status()).as("API keys carry no claims").isEqualTo(404);
    }
  }

  @Test
  void failedAuthenticationsAreRateLimitedPerAddress() {
    try (TestNode n = TestNode.start(Overlays.env("auth: {failedAttempts: {perAddress: 3, windowSeconds: 600}}\n"))) {
      Http h = n.http();
      String path = "/api/v1/cases/" + UUID.randomUUID();
      for (int i = 0; i < 5; i++) assertThat(h.get(path).status()).as("no token is no guess").isEqualTo(401);
      for (int i = 0; i < 3; i++) assertThat(h.get(path, "guess-" + i).status()).isEqualTo(401);
      Http.Response blocked = h.get(path, "guess-4");
      assertThat(blocked.status()).isEqualTo(429);
      assertThat(blocked.errorCode()).isEqualTo("RATE_LIMITED");
      assertThat(Long.parseLong(blocked.header("Retry-After"))).isBetween(1L, 600L);
      assertThat(h.get(path, token(new JsonObject().put("role", "admin").put("exp", System.currentTimeMillis() / 1000 + 60))).status())
          .as("a blocked address gets no more token verified").isEqualTo(429);
      assertThat(h.get(path, "dev-admin").status())
          .as("a configured API key still passes: systems behind the same address (a proxy) keep working").isEqualTo(404);
    }
  }

  private static int upgradeRejection(String token, boolean inQuery) throws Exception {
    try (WsClient ws = WsClient.connect(node.port(), token, inQuery)) {
      return 101;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UpgradeRejectedException r) return r.getStatus();
      throw e;
    }
  }

  @Test
  void anUnauthenticatedWebSocketUpgradeIsRefusedBeforeTheUpgrade() throws Exception {
    assertThat(upgradeRejection(null, false)).isEqualTo(401);
    assertThat(upgradeRejection("not-a-key", true)).as("?access_token=").isEqualTo(401);
    assertThat(upgradeRejection("not-a-key", false)).as("Authorization header").isEqualTo(401);
    String expired = token(new JsonObject().put("role", "admin").put("exp", System.currentTimeMillis() / 1000 - 5));
    assertThat(upgradeRejection(expired, true)).isEqualTo(401);
    assertThat(upgradeRejection("dev-admin", true)).isEqualTo(101);
    assertThat(upgradeRejection("dev-admin", false)).isEqualTo(101);
  }

  /** The refused socket is closed by the server right after the 401, not kept alive for more guesses. */
  @Test
  void aConnectionWhoseAuthenticationFailedIsClosedAtOnce() throws Exception {
    for (String target : new String[] {"/api/v1/ws?access_token=not-a-key", "/api/v1/cases/" + UUID.randomUUID()}) {
      try (Socket s = new Socket("localhost", node.port())) {
        s.setSoTimeout(10_000);
        String request = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer not-a-key\r\n\r\n";
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        String answer = readToEnd(s.getInputStream()); // a SocketTimeoutException here: the server kept the socket open
        assertThat(answer).startsWith("HTTP/1.1 401");
        assertThat(answer.toLowerCase()).contains("connection: close");
      }
    }
  }

  private static String readToEnd(InputStream in) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
    return out.toString(StandardCharsets.UTF_8);
  }
}

package onego.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.IdNumbers;
import onego.server.support.Http;
import onego.server.support.Jwts;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One person or company, one file (一人一档): identifiers written in different ways (lower-case
 * x, full-width digits, spaces, dashes, +86) are stored, compared and hashed in one canonical
 * spelling, at every entry: submissions, the applicant archive path, hotline search, the
 * applicant's token, prefill.
 */
class OnePersonOneFileTest {
  /** A valid ID number whose check character is X, so that it can be written with a lower-case x. */
  private static final String ID = IntStream.range(0, 1000).mapToObj(Submissions::idNumber).filter(id -> id.endsWith("X"))
      .findFirst().orElseThrow();
  private static final String PHONE = "13912345678";
  private static SharedDataTest.FakePlatform platform;
  private static TestNode node;
  private static Http http;
  private static JsonObject notice;

  @BeforeAll
  static void start() throws Exception {
    platform = new SharedDataTest.FakePlatform();
    // the dev keys again (a list in an overlay replaces the profile's), and an applicant key whose sub is typed full-width with x
    String keys = "auth:\n  apiKeys:\n    - {key: dev-portal, role: channel, channel: pc}\n    - {key: dev-hotline, role: hotline}\n"
        + "    - {key: dev-admin, role: admin}\n    - {key: applicant-key-1, role: applicant, sub: \"" + fullWidth(ID.substring(0, 17)) + "x\"}\n";
    node = TestNode.start(Overlays.env(keys + "sharedData:\n  url: \"" + platform.url() + "\"\n  ttlSeconds: 600\n  keySalt: \""
        + UUID.randomUUID() + "\"\n"));
    http = node.http();
    notice = http.get("/api/v1/things/newborn").json();
  }

  @AfterAll
  static void stop() {
    node.close();
    platform.close();
  }

  @BeforeEach
  void empty() {
    TestServices.resetTables();
  }

  private static String fullWidth(String ascii) {
    StringBuilder b = new StringBuilder();
    ascii.chars().forEach(c -> b.append(c >= '!' && c <= '~' ? (char) (c + 0xFEE0) : (char) c));
    return b.toString();
  }

  private static String submit(String key, String idNumber, String phone) {
    JsonObject body = Submissions.fromNotice(notice, ID);
    body.getJsonObject("applicant").put("idNumber", idNumber).put("phone", phone);
    paperMaterials(body);
    Http.Response r = http.postCase("dev-portal", key, body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("caseId");
  }

  /** Paper copies (fileRef): the fake platform's registry knows only ID-card e-certificates. */
  private static void paperMaterials(JsonObject body) {
    body.getJsonArray("materials").forEach(m -> {
      JsonObject material = (JsonObject) m;
      material.remove("ecertRef");
      material.put("fileRef", "file-" + material.getString("code"));
    });
  }

  private static List<String> caseIds(Http.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("cases").stream().map(c -> ((JsonObject) c).getString("caseId")).toList();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void theSamePersonWrittenTwoWaysHasOneFile() {
    String lower = ID.substring(0, 17) + "x";
    String first = submit("one", lower, "+86 139 1234 5678");
    String second = submit("two", fullWidth(ID), "139-1234-5678");

    JsonObject stored = http.get("/api/v1/cases/" + first, "dev-admin").json().getJsonObject("applicant");
    assertThat(stored.getString("idNumber")).isEqualTo(ID);
    assertThat(stored.getString("phone")).isEqualTo(PHONE);
    assertThat(TestServices.column("SELECT DISTINCT applicant_id || '/' || applicant_phone FROM cases")).containsExactly(ID + "/" + PHONE);

    for (String spelling : List.of(ID, lower, fullWidth(lower), ID.substring(0, 6) + " " + ID.substring(6))) {
      assertThat(caseIds(http.get("/api/v1/applicants/" + enc(spelling) + "/cases", "dev-admin")))
          .as("applicant archive by %s", spelling).containsExactlyInAnyOrder(first, second);
      assertThat(caseIds(http.get("/api/v1/hotline/cases?idNumber=" + enc(spelling), "dev-hotline")))
          .as("hotline by %s", spelling).containsExactlyInAnyOrder(first, second);
    }
    for (String phone : List.of(PHONE, "+8613912345678", "0086 139 1234 5678", fullWidth("139-1234-5678"))) {
      assertThat(caseIds(http.get("/api/v1/hotline/cases?phone=" + enc(phone), "dev-hotline")))
          .as("hotline by %s", phone).containsExactlyInAnyOrder(first, second);
    }
  }

  @Test
  void casesStoredBeforeWithALowerCaseXAreRewrittenByTheMigration() throws Exception {
    String caseId = submit("old", ID, PHONE);
    String lower = ID.substring(0, 17) + "x";
    TestServices.sql("UPDATE cases SET applicant_id = '" + lower + "', applicant = jsonb_set(applicant, '{idNumber}', '\"" + lower + "\"')");
    assertThat(caseIds(http.get("/api/v1/applicants/" + ID + "/cases", "dev-admin"))).as("as stored before").isEmpty();
    TestServices.sql(java.nio.file.Files.readString(java.nio.file.Path.of(
        "router/src/main/resources/db/migration/R__canonical_identifiers.sql")));
    assertThat(caseIds(http.get("/api/v1/applicants/" + ID + "/cases", "dev-admin"))).containsExactly(caseId);
    assertThat(http.get("/api/v1/cases/" + caseId, "dev-admin").json().getJsonObject("applicant").getString("idNumber")).isEqualTo(ID);
  }

  @Test
  void anApplicantTokenWithAnotherSpellingSeesItsOwnCases() {
    String caseId = submit("mine", ID, PHONE);
    String token = Jwts.dev(new JsonObject().put("role", "applicant").put("sub", fullWidth(ID.substring(0, 17) + "x")));
    assertThat(caseIds(http.get("/api/v1/applicants/" + ID + "/cases", token))).containsExactly(caseId);
    assertThat(http.get("/api/v1/cases/" + caseId, token).status()).isEqualTo(200);
    assertThat(caseIds(http.get("/api/v1/applicants/" + ID + "/cases", "applicant-key-1"))).as("an API key's sub").containsExactly(caseId);
  }

  @Test
  void aRetryWithTheSameKeyAndAnotherSpellingIsTheSameRequest() {
    String caseId = submit("retry", ID.substring(0, 17) + "x", PHONE);
    JsonObject body = Submissions.fromNotice(notice, ID);
    body.getJsonObject("applicant").put("idNumber", " " + ID + " ").put("phone", "+86 " + PHONE);
    paperMaterials(body);
    Http.Response again = http.postCase("dev-portal", "retry", body.encode());
    assertThat(again.status()).as(again.body()).isEqualTo(201);
    assertThat(again.header("Idempotency-Replayed")).isEqualTo("true");
    assertThat(again.json().getString("caseId")).isEqualTo(caseId);
  }

  @Test
  void prefillAsksThePlatformOnceForOnePersonHoweverWritten() {
    String id = Submissions.idNumber(321);
    assertThat(http.get("/api/v1/things/newborn/prefill?idNumber=" + id, "dev-portal").status()).isEqualTo(200);
    int calls = platform.calls(id);
    assertThat(calls).isPositive();
    for (String spelling : List.of(fullWidth(id), id.substring(0, 6) + "-" + id.substring(6), " " + id.toLowerCase() + " ")) {
      Http.Response r = http.get("/api/v1/things/newborn/prefill?idNumber=" + enc(spelling), "dev-portal");
      assertThat(r.status()).as("%s: %s", spelling, r.body()).isEqualTo(200);
    }
    assertThat(platform.calls(id)).as("served from the one cache entry").isEqualTo(calls);
    assertThat(IdNumbers.valid(id)).isTrue();
  }

  @Test
  void anEnterpriseCreditCodeWrittenInLowerCaseIsTheSameCompany() {
    JsonObject body = Submissions.fromNotice(http.get("/api/v1/things/enterprise-simple-deregistration").json(), ID);
    paperMaterials(body);
    String code = body.getJsonObject("applicant").getString("creditCode");
    body.getJsonObject("applicant").put("creditCode", code.toLowerCase());
    Http.Response r = http.postCase("dev-portal", "company", body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(caseIds(http.get("/api/v1/applicants/" + code + "/cases", "dev-admin"))).containsExactly(r.json().getString("caseId"));
    assertThat(caseIds(http.get("/api/v1/hotline/cases?idNumber=" + enc(" " + code.toLowerCase()), "dev-hotline"))).hasSize(1);
    assertThat(new JsonArray(TestServices.column("SELECT applicant_id FROM cases")).getString(0)).isEqualTo(code);
  }
}

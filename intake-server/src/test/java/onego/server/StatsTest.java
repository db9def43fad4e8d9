package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.Jwts;
import onego.server.support.LiveNodeTest;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** GET /stats against data whose figures are worked out by hand. */
class StatsTest extends LiveNodeTest {
  private static JsonObject newborn;
  private static JsonObject deathNotice;

  @BeforeAll
  static void start() {
    startNode("");
    newborn = http.get("/api/v1/things/newborn").json();
    deathNotice = http.get("/api/v1/things/after-death").json();
  }

  private static UUID submit(String token, JsonObject notice) {
    Http.Response r = http.postCase(token, "st-" + UUID.randomUUID(), Submissions.fromNotice(notice, Submissions.idNumber()).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return UUID.fromString(r.json().getString("caseId"));
  }

  private static Http.Response rate(UUID caseId, String token, String body) {
    return http.send(http.request("/api/v1/cases/" + caseId + "/rating").header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static void sql(String s) {
    TestServices.sql(s);
  }

  @Test
  void countsRatesCompletionTimeAndRatingAveragesAddUp() {
    String mini = Jwts.dev(new JsonObject().put("role", "channel").put("channel", "miniprogram"));
    UUID a = submit("dev-portal", newborn);   // pc, completed in 3600 s by its CaseCompleted event
    UUID b = submit("dev-mobile", newborn);   // mobile, completed in 7200 s by updated_at (no event)
    UUID c = submit(mini, deathNotice);       // miniprogram, rejected
    UUID d = submit("dev-window", newborn);   // window, submitted
    UUID e = submit("dev-window", deathNotice); // window, in progress
    TestServices.setCaseState(a, "COMPLETED", "COMPLETED");
    TestServices.setCaseState(b, "COMPLETED", "COMPLETED");
    TestServices.setCaseState(c, "REJECTED", "REJECTED");
    assertThat(rate(a, "dev-portal", "{\"score\": 5}").status()).isEqualTo(201);
    assertThat(rate(b, "dev-mobile", "{\"score\": 2}").status()).isEqualTo(201);
    assertThat(rate(c, mini, "{\"score\": 4}").status()).isEqualTo(201);
    // times set after rating, which (like every event) moves updated_at
    sql("UPDATE cases SET status = 'COMPLETED', created_at = '2026-03-02T09:00:00+08', updated_at = '2026-03-02T12:00:00+08' WHERE case_id = '" + a + "'");
    sql("INSERT INTO case_events (case_id, seq, type, at, data) SELECT case_id, last_seq + 1, 'CaseCompleted', '2026-03-02T10:00:00+08', '{}' FROM cases WHERE case_id = '" + a + "'");
    sql("UPDATE cases SET last_seq = last_seq + 1 WHERE case_id = '" + a + "'");
    sql("UPDATE cases SET status = 'COMPLETED', created_at = '2026-03-02T09:00:00+08', updated_at = '2026-03-02T11:00:00+08' WHERE case_id = '" + b + "'");
    sql("UPDATE cases SET status = 'IN_PROGRESS' WHERE case_id = '" + e + "'");

    Http.Response r = http.get("/api/v1/stats", "dev-admin");
    assertThat(r.status()).isEqualTo(200);
    JsonObject s = r.json();
    JsonObject cases = s.getJsonObject("cases");
    assertThat(cases.getLong("total")).isEqualTo(5);
    assertThat(cases.getJsonObject("byThing").getMap()).containsEntry("newborn", 3).containsEntry("after-death", 2);
    assertThat(cases.getJsonObject("byChannel").getMap()).containsEntry("pc", 1).containsEntry("mobile", 1)
        .containsEntry("miniprogram", 1).containsEntry("window", 2);
    assertThat(cases.getJsonObject("byStatus").getMap()).containsEntry("COMPLETED", 2).containsEntry("REJECTED", 1)
        .containsEntry("SUBMITTED", 1).containsEntry("IN_PROGRESS", 1);
    assertThat(s.getJsonObject("onlineRate").getDouble("value")).isEqualTo(0.6);   // pc + mobile + miniprogram = 3 of 5
    assertThat(s.getJsonObject("onlineRate").getDouble("target")).isEqualTo(0.95);
    assertThat(s.getJsonObject("onlineRate").getBoolean("meetsTarget")).isFalse();
    assertThat(s.getJsonObject("mobileRate").getDouble("value")).isEqualTo(0.4);   // mobile + miniprogram = 2 of 5
    assertThat(s.getJsonObject("mobileRate").getDouble("target")).isEqualTo(0.90);
    assertThat(s.getDouble("averageCompletionSeconds")).isCloseTo(5400.0, within(0.001)); // (3600 + 7200) / 2

    JsonObject ratings = s.getJsonObject("ratings");
    assertThat(ratings.getLong("count")).isEqualTo(3);
    assertThat(ratings.getDouble("average")).isCloseTo(11.0 / 3, within(0.0001));
    JsonObject byDept = ratings.getJsonObject("byDepartment");
    java.util.Map<String, java.util.List<Integer>> expected = new java.util.TreeMap<>();
    java.util.Map<UUID, Integer> scores = java.util.Map.of(a, 5, b, 2, c, 4);
    scores.forEach((caseId, score) -> departments(caseId).forEach(dept -> expected.computeIfAbsent(dept, k -> new java.util.ArrayList<>()).add(score)));
    assertThat(byDept.fieldNames()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    assertThat(expected.values()).as("the data has departments rated by one case and by all three")
        .extracting(java.util.List::size).contains(1, 3);
    expected.forEach((dept, list) -> {
      JsonObject got = byDept.getJsonObject(dept);
      assertThat(got.getLong("count")).as(dept).isEqualTo(list.size());
      assertThat(got.getDouble("average")).as(dept).isCloseTo(list.stream().mapToInt(Integer::intValue).average().orElseThrow(), within(0.0001));
      assertThat(got.getString("name")).isNotBlank();
    });
    assertThat(http.get("/api/v1/stats", "dev-hotline").status()).isEqualTo(403);
  }

  @Test
  void withNoCasesRatesAreNullNotADivisionByZero() {
    JsonObject s = http.get("/api/v1/stats", "dev-admin").json();
    assertThat(s.getJsonObject("cases").getLong("total")).isZero();
    assertThat(s.getJsonObject("onlineRate").getValue("value")).isNull();
    assertThat(s.getValue("averageCompletionSeconds")).isNull();
    assertThat(s.getJsonObject("ratings").getLong("count")).isZero();
  }

  private static java.util.List<String> departments(UUID caseId) {
    return http.get("/api/v1/cases/" + caseId, "dev-admin").json().getJsonArray("items").stream()
        .map(i -> ((JsonObject) i).getString("department")).distinct().toList();
  }

}

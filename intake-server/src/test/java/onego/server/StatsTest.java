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
import static org.assertj.core.api.Assertions.entry;
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
    assertThat(s.getJsonObject("channelShares").getMap()).containsOnly(entry("pc", 0.2), entry("mobile", 0.2),
        entry("miniprogram", 0.2), entry("window", 0.4));
    assertThat(s.getDouble("onlineRate")).as("a property of the catalog, not of the cases").isEqualTo(CatalogCount.onlineRate());
    assertThat(s.getDouble("mobileRate")).isEqualTo(CatalogCount.mobileRate());
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
    assertThat(s.getJsonObject("channelShares").isEmpty()).isTrue();
    assertThat(s.getDouble("onlineRate")).as("the catalog's rate needs no case").isEqualTo(CatalogCount.onlineRate());
    assertThat(s.getValue("averageCompletionSeconds")).isNull();
    assertThat(s.getJsonObject("ratings").getLong("count")).isZero();
  }

  private static java.util.List<String> departments(UUID caseId) {
    return http.get("/api/v1/cases/" + caseId, "dev-admin").json().getJsonArray("items").stream()
        .map(i -> ((JsonObject) i).getString("department")).distinct().toList();
  }

  @Test
  void onlineAndMobileRatesAreTheCatalogsHighFrequencyItemsCountedFromTheFiles() {
    JsonObject before = http.get("/api/v1/stats", "dev-admin").json();
    submit("dev-window", newborn);   // one window case made the old, case-based figure 0
    JsonObject s = http.get("/api/v1/stats", "dev-admin").json();
    CatalogCount count = CatalogCount.read();
    assertThat(count.matters()).as("the catalog has high-frequency 事项 of every kind").isGreaterThan(count.full()).isGreaterThan(0);
    assertThat(s.getDouble("onlineRate")).isEqualTo(count.rate(count.full())).isEqualTo(before.getDouble("onlineRate"));
    assertThat(s.getDouble("mobileRate")).isEqualTo(count.rate(count.mobile())).isEqualTo(before.getDouble("mobileRate"));
    assertThat(s.getJsonObject("targets").getDouble("onlineRate")).isEqualTo(0.95);
    assertThat(s.getJsonObject("targets").getDouble("mobileRate")).isEqualTo(0.90);
    JsonObject hf = s.getJsonObject("highFrequencyItems");
    assertThat(hf.getInteger("count")).isEqualTo(count.matters());
    assertThat(hf.getInteger("full")).isEqualTo(count.full());
    assertThat(hf.getInteger("mobile")).isEqualTo(count.mobile());
    assertThat(hf.getJsonArray("notFull")).hasSize(count.matters() - count.full());
    assertThat(hf.getJsonArray("notFull").stream().map(m -> ((JsonObject) m).getString("name")))
        .as("婚姻登记: both parties in person").contains("内地居民婚姻登记");
    assertThat(hf.getJsonArray("notFull").stream().map(m -> ((JsonObject) m).getString("onlineReason")))
        .as("every 事项 not fully online says why").allSatisfy(r -> assertThat(r).isNotBlank());
  }

  @Test
  void theWindowFiltersCountsCompletionAndRatings() {
    UUID march1 = submit("dev-portal", newborn);
    UUID march5 = submit("dev-mobile", newborn);
    UUID march10 = submit("dev-window", deathNotice);
    TestServices.setCaseState(march1, "COMPLETED", "COMPLETED");
    assertThat(rate(march1, "dev-portal", "{\"score\": 5}").status()).isEqualTo(201);
    sql("UPDATE cases SET status = 'COMPLETED', created_at = '2026-03-01T10:00:00+08', updated_at = '2026-03-01T11:00:00+08' WHERE case_id = '" + march1 + "'");
    sql("UPDATE ratings SET created_at = '2026-03-02T10:00:00+08' WHERE case_id = '" + march1 + "'");
    sql("UPDATE cases SET created_at = '2026-03-05T10:00:00+08' WHERE case_id = '" + march5 + "'");
    sql("UPDATE cases SET created_at = '2026-03-10T23:30:00+08' WHERE case_id = '" + march10 + "'");

    JsonObject all = stats("");
    assertThat(all.getJsonObject("cases").getLong("total")).isEqualTo(3);
    assertThat(all.getJsonObject("window").getValue("from")).isNull();

    JsonObject firstWeek = stats("?from=2026-03-01&to=2026-03-05");   // dates: whole days in the calendar's zone
    assertThat(firstWeek.getJsonObject("cases").getLong("total")).isEqualTo(2);
    assertThat(firstWeek.getJsonObject("cases").getJsonObject("byChannel").getMap()).containsOnly(entry("pc", 1), entry("mobile", 1));
    assertThat(firstWeek.getJsonObject("cases").getJsonObject("byThing").getMap()).containsOnly(entry("newborn", 2));
    assertThat(firstWeek.getJsonObject("channelShares").getMap()).containsOnly(entry("pc", 0.5), entry("mobile", 0.5));
    assertThat(firstWeek.getJsonObject("completion").getLong("cases")).isEqualTo(1);
    assertThat(firstWeek.getDouble("averageCompletionSeconds")).isCloseTo(3600.0, within(0.001));
    assertThat(firstWeek.getJsonObject("ratings").getLong("count")).isEqualTo(1);
    assertThat(firstWeek.getJsonObject("window").getString("from")).isEqualTo("2026-03-01T00:00:00.000+08:00");
    assertThat(firstWeek.getJsonObject("window").getString("to")).isEqualTo("2026-03-06T00:00:00.000+08:00");

    JsonObject beforeMarch5Ten = stats("?to=2026-03-05T10:00:00%2B08:00");   // a time: exclusive
    assertThat(beforeMarch5Ten.getJsonObject("cases").getJsonObject("byChannel").getMap()).containsOnly(entry("pc", 1));

    JsonObject lastOne = stats("?from=2026-03-10T15:30:00Z");   // the same instant as 23:30 +08: inclusive
    assertThat(lastOne.getJsonObject("cases").getJsonObject("byStatus").getMap()).containsOnly(entry("SUBMITTED", 1));
    assertThat(lastOne.getJsonObject("channelShares").getMap()).containsOnly(entry("window", 1.0));
    assertThat(lastOne.getJsonObject("completion").getLong("cases")).isZero();
    assertThat(lastOne.getJsonObject("ratings").getLong("count")).as("rated on 2 March").isZero();
    assertThat(lastOne.getDouble("onlineRate")).as("the catalog's rate does not depend on the window").isEqualTo(all.getDouble("onlineRate"));

    assertThat(http.get("/api/v1/stats?from=2026-03-05&to=2026-03-01", "dev-admin").status()).isEqualTo(400);
    Http.Response bad = http.get("/api/v1/stats?from=yesterday", "dev-admin");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("from");
  }

  private static JsonObject stats(String query) {
    Http.Response r = http.get("/api/v1/stats" + query, "dev-admin");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  /**
   * The plan's rates counted here from config/catalog/things/*.yaml, parsed with Jackson rather than the
   * server's loader: of the high-frequency 事项 (items with {@code highFrequency: true}, one per item name),
   * those with {@code onlineLevel: full} and those with {@code mobile: true}.
   */
  record CatalogCount(int matters, int full, int mobile) {
    static CatalogCount read() {
      com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
      java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> byName = new java.util.HashMap<>();
      try (var files = java.nio.file.Files.list(java.nio.file.Path.of("config/catalog/things"))) {
        for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
          for (com.fasterxml.jackson.databind.JsonNode item : yaml.readTree(f.toFile()).get("items")) {
            if (item.get("highFrequency").asBoolean()) byName.put(item.get("name").asText(), item);
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      int full = (int) byName.values().stream().filter(i -> i.get("onlineLevel").asText().equals("full")).count();
      int mobile = (int) byName.values().stream().filter(i -> i.get("mobile").asBoolean()).count();
      return new CatalogCount(byName.size(), full, mobile);
    }

    static double onlineRate() { CatalogCount c = read(); return c.rate(c.full()); }

    static double mobileRate() { CatalogCount c = read(); return c.rate(c.mobile()); }

    double rate(int part) { return Math.round(part * 10_000d / matters) / 10_000d; }
  }
}

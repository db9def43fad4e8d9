package onego.server.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.FakeDepartment;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.Promtool;
import onego.server.support.SseClient;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A real scrape of a test node that has done a little of everything: what an SRE's dashboards and alerts read. */
class SreMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String PULL = "disabled-persons-federation";
  private static FakeDepartment health;
  private static TestNode node;
  private static Http http;
  private static String caseId;

  @BeforeAll
  static void startAndExercise() throws Exception {
    TestServices.resetTables();
    health = new FakeDepartment();
    node = TestNode.start(Overlays.env("router:\n  deadlineScanMs: 100\ndepartments:\n" + Overlays.push("health", health.url(), 4, 5000, 3)));
    http = node.http();
    caseId = submit("newborn").getString("caseId");
    Await.until("both health items delivered", WAIT, () -> health.received().size() >= 2);
    assertThat(http.get("/api/v1/cases/" + caseId, "dev-admin").status()).isEqualTo(200);
    submit("disability-assistance");
  }

  @AfterAll
  static void stop() {
    node.close();
    health.close();
  }

  private static JsonObject submit(String thing) {
    JsonObject notice = http.get("/api/v1/things/" + thing).json();
    Http.Response r = http.postCase("dev-portal", "m-" + System.nanoTime(), Submissions.fromNotice(notice, Submissions.idNumber()).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private static String scrape() {
    Http.Response r = http.get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }

  /** The value of the first sample named {@code name} whose labels contain every {@code label="value"} given, or null. */
  private static Double sample(String text, String name, String... labels) {
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name + "{") && !line.startsWith(name + " ")) continue;
      boolean all = true;
      for (String l : labels) all &= line.contains(l);
      if (all) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
    return null;
  }

  @Test
  void httpLatencyIsAHistogramByRouteTemplateNeverTheRawPath() {
    String unknown = "/api/v1/no-such-thing-" + System.nanoTime();
    assertThat(http.get(unknown).status()).isEqualTo(404);
    String text = scrape();
    assertThat(text).as("an unmatched path is no label value").doesNotContain(unknown);
    assertThat(text).contains("# TYPE vertx_http_server_response_time_seconds histogram");
    assertThat(sample(text, "vertx_http_server_response_time_seconds_bucket", "route=\"/api/v1/cases/:caseId\"", "le=\"0.1\""))
        .as("a bucket of GET /cases/:caseId").isNotNull();
    assertThat(sample(text, "vertx_http_server_response_time_seconds_count", "route=\"/api/v1/cases\"", "method=\"POST\"")).isGreaterThanOrEqualTo(2);
    assertThat(text).as("no raw case id in any label").doesNotContain(caseId);
    assertThat(text).doesNotContain("quantile=");
  }

  @Test
  void intakeCommitAndDispatchDeliveryAreHistograms() {
    String text = scrape();
    assertThat(text).contains("# TYPE onego_intake_commit_seconds histogram");
    assertThat(sample(text, "onego_intake_commit_seconds_bucket", "le=\"+Inf\"")).isGreaterThanOrEqualTo(2);
    assertThat(text).contains("# TYPE onego_intake_batch_size histogram");
    assertThat(text).contains("# TYPE onego_router_delivery_seconds histogram");
    assertThat(sample(text, "onego_router_delivery_seconds_bucket", "department=\"health\"", "le=\"1.0\"")).isNotNull();
  }

  @Test
  void deadLettersCardsAndLeasesShowPerDepartmentAndRegion() {
    JsonObject c = submit("newborn");
    String id = c.getString("caseId");
    String birth = item(c, "birth-medical-certificate");
    String vaccination = item(c, "vaccination-certificate");
    Await.until("the new health items delivered", WAIT, () -> health.received().size() >= 4);
    TestServices.sql("UPDATE case_items SET status = 'DELIVERY_FAILED', failed_at = now() WHERE item_id = '" + vaccination + "'");
    TestServices.sql("UPDATE case_items SET due_at = now() - interval '1 hour' WHERE item_id = '" + birth + "'");
    JsonArray leased = http.get("/api/v1/departments/" + PULL + "/items?limit=5", "dev-dept-" + PULL).json().getJsonArray("items");
    assertThat(leased).isNotEmpty();

    Await.until("dead letter, red card and lease in the scrape", WAIT, () -> {
      String t = scrape();
      Double dead = sample(t, "onego_router_dead_letters_current", "department=\"health\"", "region=\"default\"");
      Double red = sample(t, "onego_router_deadline_cards_total", "level=\"red\"");
      Double pulls = sample(t, "onego_router_pull_leases_total", "department=\"" + PULL + "\"");
      Double held = sample(t, "onego_router_leased", "department=\"" + PULL + "\"");
      return dead != null && dead >= 1 && red != null && red >= 1 && pulls != null && pulls >= 1 && held != null && held >= 1;
    });
    String text = scrape();
    assertThat(sample(text, "onego_router_queued", "department=\"health\"", "region=\"default\"")).isNotNull();
    assertThat(sample(text, "onego_router_oldest_queued_seconds", "department=\"health\"", "region=\"default\"")).isNotNull();
    assertThat(sample(text, "onego_router_dead_letters_current", "department=\"public-security\"")).isZero();

    TestServices.sql("UPDATE case_items SET status = 'QUEUED', failed_at = NULL WHERE item_id = '" + vaccination + "'");
    Await.until("the dead letter gone from the gauge once replayed", WAIT,
        () -> sample(scrape(), "onego_router_dead_letters_current", "department=\"health\"") == 0.0);
    assertThat(id).isNotBlank();
  }

  @Test
  void sharedDataLookupsCountByCacheResult() {
    // the test node has no sharedData.url: every load fails upstream with nothing cached
    assertThat(http.get("/api/v1/things/newborn/prefill?idNumber=" + Submissions.idNumber(), "dev-portal").status()).isEqualTo(503);
    String text = scrape();
    // every source's series exists from the start (at zero): add them up
    double unavailable = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("onego_shareddata_cache_total{") && line.contains("result=\"unavailable\"")) {
        unavailable += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    assertThat(unavailable).isGreaterThanOrEqualTo(1);
  }

  @Test
  void liveEventsObserveTheCommitToSubscriberDelay() {
    JsonObject c = submit("newborn");
    try (SseClient sse = SseClient.open(node.port(), "/api/v1/cases/" + c.getString("caseId") + "/events", "dev-admin", null)) {
      assertThat(sse.status()).isEqualTo(200);
      assertThat(sse.events(1, WAIT.toMillis())).isNotEmpty();
      Await.until("one open SSE stream", WAIT, () -> sample(scrape(), "onego_stream_subscribers", "transport=\"sse\"") >= 1);
      Double observed = sample(scrape(), "onego_stream_delivery_delay_seconds_count", "transport=\"sse\"");
      assertThat(observed).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void everyMetricHasHelpTextAndATypeOnce() {
    String text = scrape();
    Map<String, String> help = new LinkedHashMap<>();
    List<String> types = new ArrayList<>();
    Matcher h = Pattern.compile("(?m)^# HELP (\\S+) ?(.*)$").matcher(text);
    while (h.find()) help.put(h.group(1), h.group(2));
    Matcher t = Pattern.compile("(?m)^# TYPE (\\S+) \\S+$").matcher(text);
    while (t.find()) types.add(t.group(1));
    assertThat(types).doesNotHaveDuplicates();
    assertThat(types.stream().filter(n -> n.startsWith("onego_"))).hasSizeGreaterThan(20);
    for (String name : types) assertThat(help.get(name)).as("help of " + name).isNotBlank();
  }

  @Test
  void aRealScrapePassesPromtoolCheckMetrics() throws Exception {
    Assumptions.assumeTrue(Promtool.available(), Promtool.MISSING);
    String text = scrape();
    Path saved = Path.of("intake-server/target/metrics-scrape.txt");
    Files.createDirectories(saved.getParent());
    Files.writeString(saved, text);
    Promtool.Result r = Promtool.run(text, "check", "metrics");
    assertThat(r.output()).as("promtool check metrics (scrape saved in " + saved + ")").isBlank();
    assertThat(r.exit()).isZero();
  }

  /** What the dashboard and the alert rules query exists on a node that has done a little of everything. */
  @Test
  void theDashboardAndAlertsReadOnlyMetricsANodeExposes() throws Exception {
    http.get("/api/v1/things/newborn/prefill?idNumber=" + Submissions.idNumber(), "dev-portal");
    http.get("/api/v1/departments/" + PULL + "/items?limit=1", "dev-dept-" + PULL);
    System.gc(); // registers jvm_gc_pause_seconds
    Await.until("a GC pause recorded", WAIT, () -> scrape().contains("# TYPE jvm_gc_pause_seconds "));
    String text = scrape();
    List<String> queries = new ArrayList<>(MonitoringConfigTest.dashboardQueries());
    queries.addAll(MonitoringConfigTest.alertQueries());
    Matcher m = Pattern.compile("\\b((?:onego|vertx|jvm|process)_[a-z0-9_]+)").matcher(String.join("\n", queries));
    List<String> names = new ArrayList<>();
    while (m.find()) names.add(m.group(1));
    assertThat(names).hasSizeGreaterThan(30);
    for (String name : names) {
      String family = name.replaceAll("_(bucket|sum|count)$", "");
      assertThat(text.contains("# TYPE " + name + " ") || text.contains("# TYPE " + family + " histogram")
          || text.contains("# TYPE " + family + " summary")).as(name + " in a scrape").isTrue();
    }
  }

  private static String item(JsonObject c, String code) {
    return c.getJsonArray("items").stream().map(o -> (JsonObject) o).filter(i -> i.getString("code").equals(code))
        .findFirst().orElseThrow().getString("itemId");
  }
}

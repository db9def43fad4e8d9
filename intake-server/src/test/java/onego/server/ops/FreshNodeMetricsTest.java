package onego.server.ops;

import onego.server.support.Await;
import onego.server.support.FakeDepartment;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that has served nothing yet (no submission, no shared-data lookup, no pull lease) already exposes every
 * metric the Grafana dashboard and the alert rules read, so a fresh deployment's panels show zeros, not "No data"
 * (counters that used to be registered at their first increment are now registered at zero when the node starts).
 */
class FreshNodeMetricsTest {
  private static FakeDepartment health;
  private static TestNode node;
  private static Http http;

  /** One push department with an endpoint, as a deployment has: its lane's meters exist from the start. */
  @BeforeAll
  static void start() throws Exception {
    TestServices.resetTables();
    health = new FakeDepartment();
    node = TestNode.start(Overlays.env("departments:\n" + Overlays.push("health", health.url(), 4, 5000, 3)));
    http = node.http();
  }

  @AfterAll
  static void stop() {
    node.close();
    health.close();
  }

  private static String scrape() {
    Http.Response r = http.get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }

  @Test
  void everyMetricTheDashboardAndAlertsReadIsThereBeforeFirstUse() throws Exception {
    System.gc(); // jvm_gc_pause_seconds appears with the JVM's first collection, not with OneGo
    Await.until("a GC pause recorded", Duration.ofSeconds(30), () -> scrape().contains("# TYPE jvm_gc_pause_seconds "));
    String text = scrape(); // the scrapes before it put vertx_http_server_* in this one
    List<String> queries = new ArrayList<>(MonitoringConfigTest.dashboardQueries());
    queries.addAll(MonitoringConfigTest.alertQueries());
    Matcher m = Pattern.compile("\\b((?:onego|vertx|jvm|process)_[a-z0-9_]+)").matcher(String.join("\n", queries));
    List<String> missing = new ArrayList<>();
    while (m.find()) {
      String name = m.group(1);
      String family = name.replaceAll("_(bucket|sum|count)$", "");
      if (!text.contains("# TYPE " + name + " ") && !text.contains("# TYPE " + family + " histogram")
          && !text.contains("# TYPE " + family + " summary")) missing.add(name);
    }
    assertThat(missing).as("read by the dashboard or an alert, absent from a fresh node's scrape").isEmpty();
    assertThat(text).contains("onego_shareddata_cache_total{result=\"hit\",source=\"ecert\"} 0.0",
        "onego_intake_requests_total{outcome=\"created\"} 0.0");
    assertThat(text).containsPattern("onego_router_pull_leases_total\\{department=\"[a-z-]+\",region=\"default\"} 0\\.0");
  }
}

package onego.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import onego.server.support.Promtool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring files in {@code docker/}: Prometheus's config and alert rules, their unit tests and
 * the provisioned Grafana dashboard. The promtool checks run when promtool is there ({@code .ci/run}
 * installs it) and are skipped with the reason otherwise; the structural checks always run.
 */
class MonitoringConfigTest {
  static final Path DOCKER = Path.of("docker");
  static final Path ALERTS = DOCKER.resolve("prometheus/alerts.yml");
  static final Path ALERT_TESTS = DOCKER.resolve("prometheus/alerts.test.yml");
  static final Path DASHBOARD = DOCKER.resolve("grafana/dashboards/onego.json");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<String> alertNames() throws Exception {
    List<String> names = new ArrayList<>();
    for (JsonNode g : YAML.readTree(ALERTS.toFile()).get("groups")) for (JsonNode r : g.get("rules")) names.add(r.get("alert").asText());
    return names;
  }

  /** Every PromQL expression of the dashboard, with its variables replaced by what "All" selects. */
  static List<String> dashboardQueries() throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode p : JSON.readTree(DASHBOARD.toFile()).get("panels")) {
      if (p.has("targets")) for (JsonNode t : p.get("targets")) out.add(t.get("expr").asText().replace("$department", ".*"));
    }
    return out;
  }

  static List<String> alertQueries() throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode g : YAML.readTree(ALERTS.toFile()).get("groups")) for (JsonNode r : g.get("rules")) out.add(r.get("expr").asText());
    return out;
  }

  @Test
  void alertRulesPassPromtoolCheckAndTheirUnitTests() throws Exception {
    Assumptions.assumeTrue(Promtool.available(), Promtool.MISSING);
    Promtool.Result check = Promtool.run(null, "check", "rules", ALERTS.toString());
    assertThat(check.exit()).as(check.output()).isZero();
    Promtool.Result tests = Promtool.run(null, "test", "rules", ALERT_TESTS.toString());
    assertThat(tests.exit()).as(tests.output()).isZero();
    assertThat(tests.output()).contains("SUCCESS");
    Promtool.Result config = Promtool.run(null, "check", "config", DOCKER.resolve("prometheus.yml").toString());
    assertThat(config.exit()).as(config.output()).isZero();
    assertThat(config.output()).contains(alertNames().size() + " rules found");
  }

  /** Each alert has a unit test where it fires and one where it stays silent. */
  @Test
  void everyAlertIsTestedFiringAndNotFiring() throws Exception {
    List<String> names = alertNames();
    assertThat(names).contains("OneGoNodeDown", "OneGoDeadLetters", "OneGoQueuedItemsTooOld", "OneGoRedCardsRising",
        "OneGoHigh503Rate", "OneGoSharedDataCacheStale");
    Set<String> fires = new HashSet<>();
    Set<String> silent = new HashSet<>();
    for (JsonNode t : YAML.readTree(ALERT_TESTS.toFile()).get("tests")) {
      for (JsonNode a : t.path("alert_rule_test")) {
        (a.get("exp_alerts").isEmpty() ? silent : fires).add(a.get("alertname").asText());
      }
    }
    assertThat(fires).as("tested firing").containsExactlyInAnyOrderElementsOf(names);
    assertThat(silent).as("tested silent").containsExactlyInAnyOrderElementsOf(names);
  }

  /** promtool parses every dashboard query (as recording rules: it has no bare expression check). */
  @Test
  void everyDashboardQueryIsValidPromQl() throws Exception {
    Assumptions.assumeTrue(Promtool.available(), Promtool.MISSING);
    List<String> queries = dashboardQueries();
    assertThat(queries).hasSizeGreaterThan(20);
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    for (int i = 0; i < queries.size(); i++) {
      rules.append("      - record: dashboard_query_").append(i).append("\n        expr: ").append(JSON.writeValueAsString(queries.get(i))).append('\n');
    }
    Path file = Files.createTempFile("onego-dashboard-queries", ".yml");
    try {
      Files.writeString(file, rules);
      Promtool.Result r = Promtool.run(null, "check", "rules", file.toString());
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(r.output()).contains(queries.size() + " rules found");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * The dashboard reads whichever Prometheus datasource its {@code datasource} variable picks (never one fixed uid,
   * so it imports into any Grafana), defaulting to the provisioned one; the provider loads the folder compose mounts.
   */
  @Test
  void theDashboardIsProvisionedAgainstTheComposeDatasource() throws Exception {
    JsonNode ds = YAML.readTree(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml").toFile()).get("datasources").get(0);
    assertThat(ds.get("url").asText()).isEqualTo("http://prometheus:9090");
    String uid = ds.get("uid").asText();
    JsonNode dash = JSON.readTree(DASHBOARD.toFile());
    JsonNode variable = null;
    for (JsonNode v : dash.get("templating").get("list")) if (v.get("name").asText().equals("datasource")) variable = v;
    assertThat(variable).as("a datasource template variable").isNotNull();
    assertThat(variable.get("type").asText()).isEqualTo("datasource");
    assertThat(variable.get("query").asText()).isEqualTo("prometheus");
    assertThat(variable.get("current").get("value").asText()).as("defaults to the provisioned datasource").isEqualTo(uid);
    String picked = "${datasource}";
    for (JsonNode v : dash.get("templating").get("list")) {
      if (v.has("datasource")) assertThat(v.get("datasource").get("uid").asText()).as("variable " + v.get("name")).isEqualTo(picked);
    }
    Set<String> rows = new HashSet<>();
    for (JsonNode p : dash.get("panels")) {
      if (p.get("type").asText().equals("row")) {
        rows.add(p.get("title").asText());
        continue;
      }
      assertThat(p.get("datasource").get("uid").asText()).as(p.get("title").asText()).isEqualTo(picked);
      for (JsonNode t : p.get("targets")) assertThat(t.get("datasource").get("uid").asText()).isEqualTo(picked);
    }
    assertThat(rows).contains("Intake", "Dispatch per department", "Streams", "Shared-data cache", "JVM and pools");
    String dir = YAML.readTree(DOCKER.resolve("grafana/provisioning/dashboards/onego.yaml").toFile())
        .get("providers").get(0).get("options").get("path").asText();
    JsonNode grafana = YAML.readTree(DOCKER.resolve("compose.yaml").toFile()).get("services").get("grafana");
    List<String> mounts = new ArrayList<>();
    grafana.get("volumes").forEach(v -> mounts.add(v.asText()));
    assertThat(mounts).contains("./grafana/dashboards:" + dir + ":ro", "./grafana/provisioning:/etc/grafana/provisioning:ro");
    JsonNode prometheus = YAML.readTree(DOCKER.resolve("prometheus.yml").toFile());
    assertThat(prometheus.get("rule_files").get(0).asText()).isEqualTo("prometheus/alerts.yml");
  }

  /**
   * Compose stops a node no sooner than its drain ends ({@code http.drainSeconds} of {@code config/application.yaml}:
   * Docker's default 10 s would kill it mid-drain), and every third-party image is pinned to a version.
   */
  @Test
  void composeWaitsForTheDrainAndPinsItsImages() throws Exception {
    // SnakeYAML itself (beneath Jackson's YAML), since the nodes share their settings through a merge key
    // (<<: *onego-node) that only it resolves
    Map<String, Object> compose = new org.yaml.snakeyaml.Yaml().load(Files.readString(DOCKER.resolve("compose.yaml")));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
    int drain = YAML.readTree(Path.of("config/application.yaml").toFile()).get("http").get("drainSeconds").asInt();
    assertThat(drain).isPositive();
    for (String node : List.of("onego1", "onego2", "onego3")) {
      String grace = String.valueOf(services.get(node).get("stop_grace_period"));
      assertThat(grace).as(node + " stop_grace_period").matches("\\d+s");
      assertThat(Integer.parseInt(grace.replace("s", ""))).as(node + " grace above the drain").isGreaterThan(drain + 5);
    }
    for (String svc : List.of("prometheus", "grafana", "postgres", "redis")) {
      assertThat(String.valueOf(services.get(svc).get("image"))).as(svc).contains(":").doesNotEndWith(":latest");
    }
    assertThat(String.valueOf(services.get("prometheus").get("image"))).matches("prom/prometheus:v\\d+\\.\\d+\\.\\d+");
    assertThat(String.valueOf(services.get("grafana").get("image"))).matches("grafana/grafana:\\d+\\.\\d+\\.\\d+");
  }

}

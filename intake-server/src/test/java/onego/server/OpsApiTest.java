package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.NodeTest;
import onego.server.support.Submissions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class OpsApiTest extends NodeTest {

  @Test
  void readinessReportsEachDependency() {
    Http.Response r = http.get("/api/v1/health/ready");
    assertThat(r.status()).isEqualTo(200);
    JsonObject checks = r.json().getJsonObject("checks");
    assertThat(checks.getJsonObject("postgres").getString("status")).isEqualTo("UP");
    assertThat(checks.getJsonObject("redis").getString("status")).isEqualTo("UP");
    assertThat(checks.getJsonObject("cluster").getString("status")).isEqualTo("UP");
    assertThat(http.get("/health/live").status()).isEqualTo(200);
  }

  @Test
  void metricsAreInPrometheusFormatAndCountIntake() {
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    assertThat(http.postCase("dev-portal", "metrics-1", Submissions.fromNotice(notice, Submissions.idNumber()).encode()).status()).isEqualTo(201);
    String text = http.get("/metrics").body();
    assertThat(text).contains("# TYPE onego_intake_requests_total counter");
    assertThat(text).containsPattern("onego_intake_requests_total\\{outcome=\"created\"} [1-9]");
    assertThat(text).contains("onego_intake_commit_seconds").contains("onego_intake_batch_size");
    assertThat(text).contains("vertx_http_server_requests_total");
  }

  /** Every route of the route table is described in the served OpenAPI document. */
  @Test
  void openApiDescribesEveryRoute() throws Exception {
    String doc = http.get("/api/v1/openapi.yaml").body();
    assertThat(doc).startsWith("openapi: 3.1");
    String table = Files.readString(Path.of("intake-server/src/main/java/onego/server/ApiRoutes.java"));
    Matcher m = Pattern.compile("(?:t\\.(?:get|post)\\(|router\\.get\\(base \\+ )\"([^\"]+)\"").matcher(table);
    int routes = 0;
    while (m.find()) {
      String path = m.group(1).replaceAll(":([A-Za-z]+)", "{$1}");
      assertThat(doc).as(path).contains(path + ":");
      routes++;
    }
    assertThat(routes).isGreaterThanOrEqualTo(10);
  }
}

package onego.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** How far the configured calendar reaches, in /health/ready, and due dates past it marked provisional everywhere they are shown. */
class CalendarApiTest {
  private static final String QUIET = "router: {enabled: false}\n";

  private static TestNode node(String holidays) {
    return TestNode.start(Overlays.env(QUIET + "calendar:\n  holidays: [" + holidays + "]\n  workdays: []\n"));
  }

  /** Every dueAt of the 201 body, the case view and an item answer of the item flow: provisional as expected. */
  private static void assertProvisional(Http http, boolean expected) {
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    Http.Response created = http.postCase("dev-portal", "cal-" + System.nanoTime(), Submissions.fromNotice(notice, Submissions.idNumber()).encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertAll(created.json().getJsonArray("items"), expected);
    String caseId = created.json().getString("caseId");
    assertAll(http.get("/api/v1/cases/" + caseId, "dev-admin").json().getJsonArray("items"), expected);
    String itemId = created.json().getJsonArray("items").getJsonObject(0).getString("itemId");
    TestServices.sql("UPDATE case_items SET status = 'DELIVERY_FAILED', failed_at = now() WHERE item_id = '" + itemId + "'");
    Http.Response replayed = http.send(http.request("/api/v1/admin/dead-letters/" + itemId + "/replay")
        .header("Authorization", "Bearer dev-admin").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    assertThat(replayed.status()).as(replayed.body()).isEqualTo(202);
    assertThat(replayed.json().getBoolean("dueAtProvisional")).isEqualTo(expected);
  }

  private static void assertAll(JsonArray items, boolean expected) {
    assertThat(items).isNotEmpty();
    for (Object o : items) {
      JsonObject i = (JsonObject) o;
      assertThat(i.getString("dueAt")).isNotNull();
      assertThat(i.getBoolean("dueAtProvisional")).as(i.encode()).isEqualTo(expected);
    }
  }

  @Test
  void dueDatesPastTheConfiguredYearsAreMarkedProvisionalAndReadinessSaysHowFarItReaches() {
    try (TestNode n = node("2020-01-01")) {
      Http.Response ready = n.http().get("/health/ready");
      assertThat(ready.json().getJsonObject("details").getJsonObject("calendar").getString("configuredThrough")).isEqualTo("2020-12-31");
      assertProvisional(n.http(), true);
    }
  }

  @Test
  void dueDatesWithinTheConfiguredYearsAreNot() {
    String everyYear = IntStream.rangeClosed(2020, 2099).mapToObj(y -> y + "-01-01").collect(Collectors.joining(", "));
    try (TestNode n = node(everyYear)) {
      assertThat(n.http().get("/api/v1/health/ready").json().getJsonObject("details").getJsonObject("calendar")
          .getString("configuredThrough")).isEqualTo("2099-12-31");
      assertProvisional(n.http(), false);
    }
  }

  @Test
  void theShippedConfigurationReachesTheEndOf2026() {
    try (TestNode n = TestNode.start(Overlays.env(QUIET))) {
      assertThat(n.http().get("/health/ready").json().getJsonObject("details").getJsonObject("calendar")
          .getString("configuredThrough")).isEqualTo("2026-12-31");
    }
  }
}

package onego.server.router;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static onego.server.router.RouterFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

class PullAndSupervisionTest {
  private static final String PULL = "disabled-persons-federation";

  @BeforeEach
  void reset() {
    TestServices.resetTables();
  }

  private static JsonObject readyItemFor(JsonObject c, String department) {
    return c.getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(i -> i.getString("department").equals(department) && i.getString("status").equals("QUEUED")).findFirst().orElseThrow();
  }

  @Test
  void anUnackedLeaseExpiresAndTheItemIsOfferedAgain() throws Exception {
    try (TestNode node = TestNode.start(Overlays.env("router:\n  pullLeaseSeconds: 1\n"))) {
      Http http = node.http();
      RouterFixture f = new RouterFixture(http);
      JsonObject c = f.submit("disability-assistance");
      String itemId = readyItemFor(c, PULL).getString("itemId");
      String items = "/api/v1/departments/" + PULL + "/items?limit=5";
      JsonArray first = http.get(items, "dev-dept-" + PULL).json().getJsonArray("items");
      assertThat(first).hasSize(1);
      JsonObject leased = first.getJsonObject(0);
      assertThat(leased.getString("itemId")).isEqualTo(itemId);
      assertThat(leased.getString("leaseId")).isNotBlank();
      assertThat(http.get(items, "dev-dept-" + PULL).json().getJsonArray("items")).as("leased items are not offered twice").isEmpty();

      JsonObject again = Await.value("offered again after the lease ran out", WAIT, () -> {
        JsonArray a = http.get(items, "dev-dept-" + PULL).json().getJsonArray("items");
        return a.isEmpty() ? null : a.getJsonObject(0);
      });
      assertThat(again.getString("itemId")).isEqualTo(itemId);
      assertThat(again.getString("deliveryId")).isEqualTo(leased.getString("deliveryId"));
      assertThat(again.getString("leaseId")).isNotEqualTo(leased.getString("leaseId"));
      assertThat(again.getInteger("attempt")).isEqualTo(2);

      String ack = "/api/v1/departments/" + PULL + "/items/" + itemId + "/ack";
      Http.Response stale = f.post(ack, "dev-dept-" + PULL, new JsonObject().put("leaseId", leased.getString("leaseId")));
      assertThat(stale.status()).isEqualTo(409);
      Http.Response ok = f.post(ack, "dev-dept-" + PULL, new JsonObject().put("leaseId", again.getString("leaseId")));
      assertThat(ok.status()).as(ok.body()).isEqualTo(200);
      assertThat(f.itemStatus(c.getString("caseId"), itemId)).isEqualTo("DISPATCHED");
      assertThat(http.get("/api/v1/departments/health/items", "dev-dept-health").status()).as("health is a push department").isEqualTo(409);
      assertThat(http.get(items, "dev-dept-health").status()).as("another department's queue").isEqualTo(403);
    }
  }

  @Test
  void aLongPollReturnsAsSoonAsWorkArrives() {
    try (TestNode node = TestNode.start()) {
      Http http = node.http();
      RouterFixture f = new RouterFixture(http);
      var poll = java.util.concurrent.CompletableFuture.supplyAsync(() ->
          http.get("/api/v1/departments/" + PULL + "/items?limit=5&waitSeconds=20", "dev-dept-" + PULL));
      Await.until("the poll is waiting", WAIT, () -> TestServices.count("SELECT 1") == 1);
      f.submit("disability-assistance");
      Http.Response r = poll.join();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().getJsonArray("items")).isNotEmpty();
    }
  }

  @Test
  void deadlineCardsAreRaisedByTheWatcherAndListedAsAlerts() {
    try (TestNode node = TestNode.start(Overlays.env("router:\n  deadlineScanMs: 100\n"))) {
      RouterFixture f = new RouterFixture(node.http());
      JsonObject c = f.submit("newborn");
      String caseId = c.getString("caseId");
      String birth = RouterFixture.item(c, "birth-medical-certificate").getString("itemId");
      String vaccination = RouterFixture.item(c, "vaccination-certificate").getString("itemId");
      TestServices.sql("UPDATE case_items SET due_at = now() - interval '1 hour' WHERE item_id = '" + birth + "'");
      // due in an hour with a limit of 5 working days: due soon at any hour (a shorter limit turns yellow only when
      // due by the end of today, which an hour from now is not after 23:00 in the calendar's zone)
      TestServices.sql("UPDATE case_items SET due_at = now() + interval '1 hour', limit_days = 5 WHERE item_id = '" + vaccination + "'");
      Await.until("red card", WAIT, () -> f.eventTypes(caseId).contains("ItemOverdue"));
      Await.until("yellow card", WAIT, () -> f.eventTypes(caseId).contains("ItemDueSoon"));
      // that each card is raised once per item (scans and concurrent raises) is ItemFlowStoreTest's
      JsonArray red = node.http().get("/api/v1/supervision/alerts?level=red", "dev-admin").json().getJsonArray("alerts");
      assertThat(red.stream().map(o -> ((JsonObject) o).getString("itemId"))).containsExactly(birth);
      JsonArray yellow = node.http().get("/api/v1/supervision/alerts?level=yellow&department=health", "dev-admin").json().getJsonArray("alerts");
      assertThat(yellow.stream().map(o -> ((JsonObject) o).getString("itemId"))).contains(vaccination).doesNotContain(birth);
      assertThat(node.http().get("/api/v1/supervision/alerts", "dev-dept-public-security").json().getJsonArray("alerts")).isEmpty();
      assertThat(node.http().get("/api/v1/supervision/alerts?department=health", "dev-dept-public-security").status()).isEqualTo(403);
      assertThat(node.http().get("/api/v1/supervision/alerts?level=blue", "dev-admin").status()).isEqualTo(400);
    }
  }

  @Test
  void pastTheBacklogLimitIntakeAnswers503() {
    try (TestNode node = TestNode.start(Overlays.env("router:\n  backlogLimit: 3\n"))) {
      RouterFixture f = new RouterFixture(node.http());
      f.submit("newborn");
      f.submit("newborn");
      JsonObject notice = node.http().get("/api/v1/things/newborn").json();
      Http.Response refused = Await.value("backlog seen", WAIT, () -> {
        Http.Response r = node.http().postCase("dev-portal", "b-" + System.nanoTime(),
            onego.server.support.Submissions.fromNotice(notice, onego.server.support.Submissions.idNumber()).encode());
        return r.status() == 503 ? r : null;
      });
      assertThat(refused.errorCode()).isEqualTo("OVERLOADED");
      assertThat(refused.header("Retry-After")).isNotNull();
    }
  }
}

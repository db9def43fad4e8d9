package onego.server.router;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.AuditTables;
import onego.server.support.Http;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /departments/{code}/items/ack}: many pull leases at once, one outcome each, one bad lease failing none. */
class BatchAckTest {
  private static final String PULL = "disabled-persons-federation";
  private static final String ACK = "/api/v1/departments/" + PULL + "/items/ack";
  private static final String TOKEN = "dev-dept-" + PULL;

  @BeforeEach
  void reset() {
    TestServices.resetTables();
  }

  private static JsonObject itemOf(JsonObject c, String department) {
    return c.getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(i -> i.getString("department").equals(department)).findFirst().orElseThrow();
  }

  private static JsonObject lease(String itemId, String leaseId) {
    return new JsonObject().put("itemId", itemId).put("leaseId", leaseId);
  }

  private static List<String> outcomes(Http.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("results").stream().map(o -> ((JsonObject) o).getString("outcome")).toList();
  }

  private static Map<String, String> details(Http.Response r) {
    return r.json().getJsonObject("error").getJsonArray("details").stream().map(o -> (JsonObject) o)
        .collect(Collectors.toMap(d -> d.getString("field"), d -> d.getString("reason"), (a, b) -> a + "; " + b));
  }

  @Test
  void aBatchAcksTheGoodLeasesAndNamesWhatBecameOfEachBadOne() {
    try (TestNode node = TestNode.start()) {
      Http http = node.http();
      RouterFixture f = new RouterFixture(http);
      JsonObject c1 = f.submit("disability-assistance");
      JsonObject c2 = f.submit("disability-assistance");
      JsonObject c3 = f.submit("disability-assistance");
      String a = itemOf(c1, PULL).getString("itemId");
      String b = itemOf(c2, PULL).getString("itemId");
      String c = itemOf(c3, PULL).getString("itemId");
      String foreign = c1.getJsonArray("items").stream().map(o -> (JsonObject) o)
          .filter(i -> !i.getString("department").equals(PULL)).findFirst().orElseThrow().getString("itemId");

      String pull = "/api/v1/departments/" + PULL + "/items?limit=10";
      JsonArray leased = http.get(pull, TOKEN).json().getJsonArray("items");
      assertThat(leased.stream().map(o -> ((JsonObject) o).getString("itemId"))).containsExactlyInAnyOrder(a, b, c);
      String l1 = leased.getJsonObject(0).getString("leaseId");
      // c's lease runs out and c is leased again: l1 is no longer c's
      TestServices.sql("UPDATE case_items SET lease_until = now() - interval '1 second' WHERE item_id = '" + c + "'");
      JsonArray again = http.get(pull, TOKEN).json().getJsonArray("items");
      assertThat(again).hasSize(1);
      String l2 = again.getJsonObject(0).getString("leaseId");
      assertThat(l2).isNotEqualTo(l1);

      String unknown = UUID.randomUUID().toString();
      JsonObject batch = new JsonObject().put("leases", new JsonArray().add(lease(a, l1)).add(lease(c, l1)).add(lease(foreign, l1))
          .add(lease(b, l1)).add(lease(unknown, l1)).add(lease(a, l1)));
      Http.Response r = f.post(ACK, TOKEN, batch);
      assertThat(outcomes(r)).containsExactly("acked", "lease-expired", "not-found", "acked", "not-found", "already-acked");
      JsonObject first = r.json().getJsonArray("results").getJsonObject(0);
      assertThat(first.getString("itemId")).isEqualTo(a);
      assertThat(first.getString("leaseId")).isEqualTo(l1);
      assertThat(f.itemStatus(c1.getString("caseId"), a)).isEqualTo("DISPATCHED");
      assertThat(f.itemStatus(c2.getString("caseId"), b)).isEqualTo("DISPATCHED");
      assertThat(f.itemStatus(c3.getString("caseId"), c)).as("its stale lease acks nothing").isEqualTo("QUEUED");
      assertThat(TestServices.column("SELECT lease_id FROM case_items WHERE item_id = '" + c + "'")).containsExactly(l2);
      assertThat(f.eventTypes(c1.getString("caseId")).stream().filter("ItemDispatched"::equals)).as("acked once").hasSize(1);
      AuditTables.awaitSealed();
      assertThat(TestServices.count("SELECT count(*) FROM audit_log WHERE action = 'ITEM_DISPATCHED' AND case_id IN ('"
          + c1.getString("caseId") + "', '" + c2.getString("caseId") + "')")).as("on record per case").isEqualTo(2);
      f.assertGapFree(c1.getString("caseId"));

      // the department repeats the batch (its answer was lost): nothing happens twice
      Http.Response repeat = f.post(ACK, TOKEN, new JsonObject().put("leases", new JsonArray().add(lease(a, l1)).add(lease(b, l1))));
      assertThat(outcomes(repeat)).containsExactly("already-acked", "already-acked");
      assertThat(f.eventTypes(c2.getString("caseId")).stream().filter("ItemDispatched"::equals)).hasSize(1);
      // c under its current lease
      assertThat(outcomes(f.post(ACK, TOKEN, new JsonObject().put("leases", new JsonArray().add(lease(c, l2))))))
          .containsExactly("acked");
      assertThat(f.itemStatus(c3.getString("caseId"), c)).isEqualTo("DISPATCHED");

      // that department only, as the single ack
      assertThat(f.post("/api/v1/departments/" + PULL + "/items/ack", "dev-dept-health", batch).status()).isEqualTo(403);
      assertThat(f.post("/api/v1/departments/no-such-department/items/ack", TOKEN, batch).status()).isEqualTo(404);
    }
  }

  @Test
  void badShapesAndTooManyLeasesAre422AndNothingIsAcked() {
    try (TestNode node = TestNode.start()) {
      Http http = node.http();
      RouterFixture f = new RouterFixture(http);
      JsonObject c1 = f.submit("disability-assistance");
      String a = itemOf(c1, PULL).getString("itemId");
      String l1 = http.get("/api/v1/departments/" + PULL + "/items?limit=10", TOKEN).json().getJsonArray("items").getJsonObject(0).getString("leaseId");

      JsonArray many = new JsonArray().add(lease(a, l1));
      for (int k = 0; k < 500; k++) many.add(lease(UUID.randomUUID().toString(), l1));
      Http.Response tooMany = f.post(ACK, TOKEN, new JsonObject().put("leases", many));
      assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(422);
      assertThat(details(tooMany)).containsKey("leases");
      assertThat(f.itemStatus(c1.getString("caseId"), a)).isEqualTo("QUEUED");

      Http.Response malformed = f.post(ACK, TOKEN, new JsonObject().put("leases", new JsonArray()
          .add(lease(a, l1)).add(new JsonObject().put("itemId", "not-a-uuid").put("leaseId", l1)).add(new JsonObject().put("itemId", a))));
      assertThat(malformed.status()).as(malformed.body()).isEqualTo(422);
      assertThat(details(malformed)).containsKeys("leases[1].itemId", "leases[2].leaseId");
      assertThat(f.itemStatus(c1.getString("caseId"), a)).as("a batch refused as a whole acks nothing").isEqualTo("QUEUED");

      for (JsonObject bad : List.of(new JsonObject(), new JsonObject().put("leases", new JsonArray()), new JsonObject().put("leases", "x"),
          new JsonObject().put("leases", new JsonArray().add("x")), new JsonObject().put("leases", new JsonArray().add(lease(a, l1))).put("extra", 1))) {
        Http.Response r = f.post(ACK, TOKEN, bad);
        assertThat(r.status()).as(bad + " → " + r.body()).isIn(400, 422);
        assertThat(details(r)).as(bad.encode()).isNotEmpty();
      }
      Http.Response notJson = http.send(http.request(ACK).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"leases\": [")).build());
      assertThat(notJson.status()).isEqualTo(400);
      assertThat(f.itemStatus(c1.getString("caseId"), a)).isEqualTo("QUEUED");
    }
  }

  @Test
  void aWithdrawalNoticeIsAcknowledgedInABatchLikeWork() {
    try (TestNode node = TestNode.start()) {
      Http http = node.http();
      RouterFixture f = new RouterFixture(http);
      JsonObject c1 = f.submit("disability-assistance");
      String caseId = c1.getString("caseId");
      String a = itemOf(c1, PULL).getString("itemId");
      String pull = "/api/v1/departments/" + PULL + "/items?limit=10";
      String l1 = http.get(pull, TOKEN).json().getJsonArray("items").getJsonObject(0).getString("leaseId");
      assertThat(outcomes(f.post(ACK, TOKEN, new JsonObject().put("leases", new JsonArray().add(lease(a, l1)))))).containsExactly("acked");
      assertThat(f.post("/api/v1/cases/" + caseId + "/withdraw", "dev-portal", new JsonObject()).status()).isEqualTo(200);

      JsonObject notice = http.get(pull, TOKEN).json().getJsonArray("items").stream().map(o -> (JsonObject) o)
          .filter(i -> i.getString("itemId").equals(a)).findFirst().orElseThrow();
      assertThat(notice.getString("type")).isEqualTo("cancel");
      String l2 = notice.getString("leaseId");
      assertThat(outcomes(f.post(ACK, TOKEN, new JsonObject().put("leases", new JsonArray().add(lease(a, l2)).add(lease(a, l1))))))
          .containsExactly("acked", "already-acked");
      assertThat(f.itemStatus(caseId, a)).isEqualTo("CANCELLED");
      assertThat(TestServices.count("SELECT count(*) FROM case_items WHERE item_id = '" + a + "' AND (cancel_pending OR lease_id IS NOT NULL)"))
          .as("the notice is done").isZero();
      assertThat(http.get(pull, TOKEN).json().getJsonArray("items")).as("not offered again").isEmpty();
    }
  }
}

package onego.server.router;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.FakeDepartment;
import onego.server.support.Http;
import onego.server.support.Outputs;
import onego.server.support.Overlays;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static onego.server.router.RouterFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/** Department results moving cases along: transitions, dependents, case status, 补正, withdrawal, 一次送达. */
class ItemFlowTest {
  private static final List<String> NEWBORN_DEPARTMENTS = List.of("health", "public-security", "medical-insurance", "human-resources", "tax");
  private static FakeDepartment departments;
  private static TestNode node;
  private static RouterFixture f;

  @BeforeAll
  static void start() throws Exception {
    departments = new FakeDepartment();
    node = TestNode.start(Overlays.env(Overlays.pushAll(NEWBORN_DEPARTMENTS, departments.url(), 8, 5000, 3)));
    f = new RouterFixture(node.http());
  }

  @AfterAll
  static void stop() {
    node.close();
    departments.close();
  }

  @BeforeEach
  void reset() {
    TestServices.resetTables();
    departments.received().clear();
  }

  private void awaitStatus(String caseId, String itemId, String status) {
    Await.until(itemId + " " + status, WAIT, () -> f.itemStatus(caseId, itemId).equals(status));
  }

  private int certificatesIssued;

  private String complete(String caseId, JsonObject c, String code, String department) {
    String itemId = RouterFixture.item(c, code).getString("itemId");
    awaitStatus(caseId, itemId, "DISPATCHED");
    JsonObject result = Outputs.of("newborn", code);
    certificatesIssued += result.getJsonArray("certificates").size();
    Http.Response r = f.report(department, itemId, new JsonObject().put("status", "COMPLETED").put("result", result).put("eventId", "done-" + itemId));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return itemId;
  }

  @Test
  void aNewbornCaseCompletesInDependencyOrderAndDeliversItsResultsOnce() {
    JsonObject c = f.submit("newborn");
    String caseId = c.getString("caseId");
    complete(caseId, c, "birth-medical-certificate", "health");
    complete(caseId, c, "vaccination-certificate", "health");
    assertThat(f.caseView(caseId).getString("status")).isEqualTo("IN_PROGRESS");
    complete(caseId, c, "household-registration", "public-security");
    complete(caseId, c, "resident-medical-insurance-registration", "medical-insurance");
    complete(caseId, c, "social-security-card", "human-resources");
    assertThat(f.caseView(caseId).getString("status")).as("城乡居民医保参保缴费 waits for 参保登记 and is still open").isEqualTo("IN_PROGRESS");
    complete(caseId, c, "resident-medical-insurance-payment", "tax");
    JsonObject done = f.caseView(caseId);
    assertThat(done.getString("status")).isEqualTo("COMPLETED");
    assertThat(done.getJsonObject("results").getString("method")).isEqualTo("electronic");
    assertThat(done.getJsonObject("results").getJsonArray("certificates")).hasSize(certificatesIssued);
    List<String> types = f.eventTypes(caseId);
    assertThat(types).endsWith("CaseCompleted", "ResultsDelivered");
    assertThat(types.stream().filter(t -> t.equals("ResultsDelivered"))).hasSize(1);
    assertThat(TestServices.column("SELECT jsonb_array_length(certificates) FROM result_deliveries WHERE case_id = '" + caseId + "'"))
        .containsExactly(String.valueOf(certificatesIssued));
    f.assertGapFree(caseId);
  }

  @Test
  void departmentsMayOnlyMakeLegalMovesOnTheirOwnItems() {
    JsonObject c = f.submit("newborn");
    String caseId = c.getString("caseId");
    String birth = RouterFixture.item(c, "birth-medical-certificate").getString("itemId");
    String hukou = RouterFixture.item(c, "household-registration").getString("itemId");
    awaitStatus(caseId, birth, "DISPATCHED");
    assertThat(f.report("public-security", birth, "ACCEPTED", "x-1").status()).as("another department's item").isEqualTo(404);
    Http.Response waiting = f.report("public-security", hukou, "ACCEPTED", "x-2");
    assertThat(waiting.status()).isEqualTo(409);
    assertThat(waiting.errorCode()).isEqualTo("ILLEGAL_TRANSITION");
    assertThat(f.report("health", birth, "DISPATCHED", "x-3").status()).as("not a department status").isEqualTo(422);

    Http.Response accepted = f.report("health", birth, "ACCEPTED", "acc-1");
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.json().getString("status")).isEqualTo("ACCEPTED");
    int events = f.eventTypes(caseId).size();
    Http.Response repeated = f.report("health", birth, "ACCEPTED", "acc-1");
    assertThat(repeated.status()).isEqualTo(200);
    assertThat(repeated.body()).isEqualTo(accepted.body());
    assertThat(f.eventTypes(caseId)).as("a repeated eventId is a no-op").hasSize(events);
    Http.Response again = f.report("health", birth, "ACCEPTED", "acc-2");
    assertThat(again.status()).isEqualTo(409);
    assertThat(node.http().send(node.http().request("/api/v1/departments/health/items/" + birth + "/status")
        .header("Authorization", "Bearer dev-portal").header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"status\":\"COMPLETED\"}")).build()).status()).isEqualTo(403);
  }

  @Test
  void aReturnedItemTakesASupplementAndIsDispatchedAgain() {
    JsonObject c = f.submit("newborn");
    String caseId = c.getString("caseId");
    String birth = RouterFixture.item(c, "birth-medical-certificate").getString("itemId");
    awaitStatus(caseId, birth, "DISPATCHED");
    String firstId = departments.received().stream().filter(r -> r.json().getString("itemId").equals(birth)).findFirst().orElseThrow().webhookId();
    assertThat(f.report("health", birth, new JsonObject().put("status", "RETURNED").put("note", "请补正：助产机构名称")).status()).isEqualTo(200);
    assertThat(f.caseView(caseId).getString("status")).isEqualTo("NEEDS_SUPPLEMENT");

    String path = "/api/v1/cases/" + caseId + "/items/" + birth + "/supplement";
    Http.Response wrong = f.post(path, "dev-portal", new JsonObject().put("form", new JsonObject().put("householdAddress", "x")));
    assertThat(wrong.status()).isEqualTo(422);
    assertThat(f.post(path, "dev-mobile", new JsonObject().put("form", new JsonObject().put("birthHospital", "衡阳市妇幼保健院"))).status())
        .as("another channel's case").isEqualTo(404);
    Http.Response ok = f.post(path, "dev-portal", new JsonObject().put("form", new JsonObject().put("birthHospital", "衡阳市妇幼保健院")));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    awaitStatus(caseId, birth, "DISPATCHED");
    FakeDepartment.Received redelivered = departments.received().stream().filter(r -> r.json().getString("itemId").equals(birth))
        .reduce((a, b) -> b).orElseThrow();
    assertThat(redelivered.webhookId()).as("a new dispatch has a new webhook-id").isNotEqualTo(firstId);
    assertThat(redelivered.json().getJsonObject("form").getString("birthHospital")).isEqualTo("衡阳市妇幼保健院");
    assertThat(f.caseView(caseId).getString("status")).isEqualTo("IN_PROGRESS");
    assertThat(f.post(path, "dev-portal", new JsonObject().put("form", new JsonObject().put("birthHospital", "again"))).errorCode())
        .isEqualTo("ILLEGAL_TRANSITION");
    assertThat(f.eventTypes(caseId)).contains("SupplementSubmitted");
  }

  @Test
  void withdrawingCancelsWhatIsOpenAndTellsTheDepartmentsThatHaveIt() {
    JsonObject c = f.submit("newborn");
    String caseId = c.getString("caseId");
    String birth = RouterFixture.item(c, "birth-medical-certificate").getString("itemId");
    String vaccination = RouterFixture.item(c, "vaccination-certificate").getString("itemId");
    awaitStatus(caseId, birth, "DISPATCHED");
    awaitStatus(caseId, vaccination, "DISPATCHED");
    complete(caseId, c, "vaccination-certificate", "health");

    Http.Response w = f.post("/api/v1/cases/" + caseId + "/withdraw", "dev-portal", new JsonObject());
    assertThat(w.status()).as(w.body()).isEqualTo(200);
    assertThat(w.json().getString("status")).isEqualTo("WITHDRAWN");
    JsonObject view = f.caseView(caseId);
    assertThat(view.getString("status")).isEqualTo("WITHDRAWN");
    assertThat(f.itemStatus(caseId, vaccination)).as("completed items stay completed").isEqualTo("COMPLETED");
    assertThat(f.itemStatus(caseId, birth)).isEqualTo("CANCELLED");
    Await.until("cancel notice delivered", WAIT, () -> departments.received().stream()
        .anyMatch(r -> r.json().getString("type").equals("cancel") && r.json().getString("itemId").equals(birth)));
    assertThat(departments.received().stream().filter(r -> r.json().getString("type").equals("cancel")))
        .as("only the department holding an item is told").hasSize(1);
    assertThat(f.post("/api/v1/cases/" + caseId + "/withdraw", "dev-portal", new JsonObject()).errorCode()).isEqualTo("ILLEGAL_TRANSITION");
    assertThat(f.report("health", birth, "ACCEPTED", "late").status()).isEqualTo(409);
    assertThat(f.eventTypes(caseId)).contains("CaseWithdrawn");
  }
}

package onego.server.router;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.FakeDepartment;
import onego.server.support.Http;
import onego.server.support.Outputs;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static onego.server.router.RouterFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 容缺 and 告知承诺 follow-ups through the API (contract "Supervision"): a waived material is owed on the
 * 201 body, the case view and the work message, COMPLETED is 409 while it is owed, handing it in
 * clears it and reaches the department (MaterialSupplied); an overdue one raises one card, not two
 * after a restart (a second node's watcher); a false commitment after completion revokes the item, and
 * the case view and the hotline show it; bad input 400/404/409/422, never 500.
 */
class FollowUpsTest {
  private static final List<String> DEPARTMENTS = List.of("health", "public-security", "medical-insurance", "human-resources");
  private FakeDepartment departments;
  private TestNode node;
  private RouterFixture f;

  @BeforeEach
  void start() throws Exception {
    TestServices.resetTables();
    departments = new FakeDepartment();
    node = startNode();
    f = new RouterFixture(node.http());
  }

  private TestNode startNode() {
    return TestNode.start(Overlays.env(Overlays.pushAll(DEPARTMENTS, departments.url(), 8, 5000, 3) + "router:\n  deadlineScanMs: 100\n"));
  }

  @AfterEach
  void stop() {
    node.close();
    departments.close();
  }

  /** A newborn case filed with neither 结婚证 nor 非婚生育说明 (二者取其一, both 容缺). */
  private JsonObject newbornOwingTheMarriageCertificate() {
    JsonObject body = Submissions.fromNotice(node.http().get("/api/v1/things/newborn").json(), Submissions.idNumber());
    JsonArray kept = new JsonArray();
    body.getJsonArray("materials").forEach(m -> {
      String code = ((JsonObject) m).getString("code");
      if (!code.equals("marriage-certificate") && !code.equals("out-of-wedlock-birth-statement")) kept.add(m);
    });
    body.put("materials", kept);
    Http.Response r = node.http().postCase("dev-portal", "f-" + System.nanoTime(), body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private void awaitStatus(String caseId, String itemId, String status) {
    Await.until(itemId + " " + status, WAIT, () -> f.itemStatus(caseId, itemId).equals(status));
  }

  private Http.Response complete(String thing, JsonObject c, String code, String department) {
    String itemId = RouterFixture.item(c, code).getString("itemId");
    awaitStatus(c.getString("caseId"), itemId, "DISPATCHED");
    return f.report(department, itemId, new JsonObject().put("status", "COMPLETED").put("result", Outputs.of(thing, code)));
  }

  private static JsonArray states(JsonArray owed) {
    JsonArray out = new JsonArray();
    owed.forEach(o -> out.add(((JsonObject) o).getString("material") + ":" + ((JsonObject) o).getString("state")));
    return out;
  }

  @Test
  void aWaivedMaterialHandedInLaterClearsItsObligationAndReachesTheDepartment() {
    JsonObject c = newbornOwingTheMarriageCertificate();
    String caseId = c.getString("caseId");
    assertThat(states(c.getJsonArray("owed")).getList()).containsExactlyInAnyOrder("marriage-certificate:OWED", "out-of-wedlock-birth-statement:OWED");
    assertThat(c.getJsonArray("owed").getJsonObject(0).getString("dueAt")).isNotBlank();
    assertThat(complete("newborn", c, "birth-medical-certificate", "health").status()).isEqualTo(200);
    String hukou = RouterFixture.item(c, "household-registration").getString("itemId");
    awaitStatus(caseId, hukou, "DISPATCHED");
    JsonObject work = departments.received().stream().map(FakeDepartment.Received::json).filter(w -> hukou.equals(w.getString("itemId"))).findFirst().orElseThrow();
    assertThat(states(work.getJsonArray("owed")).getList()).contains("marriage-certificate:OWED");
    Http.Response refused = complete("newborn", c, "household-registration", "public-security");
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("CONFLICT");

    String path = "/api/v1/cases/" + caseId + "/materials";
    assertThat(f.post(path, "dev-portal", new JsonObject().put("materials", new JsonArray().add(new JsonObject().put("code", "id-photo")
        .put("fileRef", "file-1")))).status()).as("not a material of the thing / not owed").isEqualTo(422);
    assertThat(f.post(path, "dev-portal", new JsonObject().put("materials", "x")).status()).isEqualTo(400);
    assertThat(f.post(path, "dev-portal", new JsonObject()).status()).isEqualTo(422);
    assertThat(f.post(path, "dev-mobile", new JsonObject().put("materials", new JsonArray())).status()).as("another channel's case").isEqualTo(404);
    assertThat(f.post("/api/v1/cases/not-a-case/materials", "dev-portal", new JsonObject()).status()).isEqualTo(404);

    JsonObject marriage = new JsonObject().put("materials", new JsonArray()
        .add(new JsonObject().put("code", "marriage-certificate").put("fileRef", "file-marriage")));
    assertThat(f.post(path, "dev-window", marriage).status()).as("the window without the person it serves").isEqualTo(404);
    String applicant = f.caseView(caseId).getJsonObject("applicant").getString("idNumber");
    Http.Response handed = node.http().send(node.http().request(path).header("Authorization", "Bearer dev-window")
        .header("X-Served-Person", applicant).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(marriage.encode())).build());
    assertThat(handed.status()).as(handed.body()).isEqualTo(200);
    assertThat(states(handed.json().getJsonArray("owed")).getList())
        .containsExactlyInAnyOrder("marriage-certificate:SUPPLIED", "out-of-wedlock-birth-statement:SUPPLIED");
    assertThat(TestServices.column("SELECT item_id::text FROM case_events WHERE case_id = '" + caseId + "' AND type = 'MaterialSupplied'"))
        .containsExactly(hukou);
    JsonObject view = f.caseView(caseId);
    assertThat(view.getJsonArray("materials").encode()).contains("file-marriage");
    assertThat(complete("newborn", c, "household-registration", "public-security").status()).isEqualTo(200);
  }

  @Test
  void anOverdueMaterialRaisesOneCardNotTwoAfterARestart() {
    JsonObject c = newbornOwingTheMarriageCertificate();
    String caseId = c.getString("caseId");
    TestServices.sql("UPDATE obligations SET due_at = now() - interval '1 hour' WHERE case_id = '" + caseId + "' AND material = 'marriage-certificate'");
    Await.until("waiver card", WAIT, () -> f.eventTypes(caseId).contains("MaterialOverdue"));
    node.close();
    node = startNode(); // a new node: its watcher scans again
    f = new RouterFixture(node.http());
    Await.until("a scan of the new node", WAIT, () -> TestServices.count("SELECT count(*) FROM leases WHERE name = 'deadline-watcher' AND until > now()") == 1);
    TestServices.sql("UPDATE obligations SET state = 'OWED', carded_at = NULL WHERE case_id = '" + caseId + "'"); // as if the mark were lost
    Await.until("the new node's watcher saw it", WAIT, () ->
        TestServices.count("SELECT count(*) FROM obligations WHERE case_id = '" + caseId + "' AND material = 'marriage-certificate' AND carded_at IS NOT NULL") == 1);
    JsonArray cards = node.http().get("/api/v1/supervision/cards?kind=waiver", "dev-admin").json().getJsonArray("cards");
    assertThat(cards).hasSize(1);
    assertThat(cards.getJsonObject(0).getString("department")).isEqualTo("public-security");
    assertThat(f.caseView(caseId).getJsonArray("owed").encode()).contains("OVERDUE");
  }

  @Test
  void aFalseCommitmentAfterCompletionRevokesTheItemAndTheHotlineShowsIt() {
    JsonObject c = f.submit("medical-expense-reimbursement");
    String caseId = c.getString("caseId");
    String filing = RouterFixture.item(c, "remote-medical-filing").getString("itemId");
    assertThat(complete("medical-expense-reimbursement", c, "remote-medical-filing", "medical-insurance").status()).isEqualTo(200);
    JsonObject work = departments.received().stream().map(FakeDepartment.Received::json).filter(w -> filing.equals(w.getString("itemId"))).findFirst().orElseThrow();
    assertThat(states(work.getJsonArray("commitments")).getList()).containsExactly("remote-residence-proof:PENDING");

    String path = "/api/v1/departments/medical-insurance/items/" + filing + "/verification";
    JsonObject falseOne = new JsonObject().put("material", "remote-residence-proof").put("outcome", "false").put("note", "核查发现未在异地居住");
    assertThat(f.post("/api/v1/departments/health/items/" + filing + "/verification", "dev-dept-health", falseOne).status())
        .as("another department's item").isEqualTo(404);
    assertThat(f.post(path, "dev-dept-medical-insurance", falseOne.copy().put("outcome", "perhaps")).status()).isEqualTo(422);
    assertThat(f.post(path, "dev-dept-medical-insurance", falseOne.copy().put("material", "bank-card")).status()).isEqualTo(422);
    Http.Response revoked = f.post(path, "dev-dept-medical-insurance", falseOne);
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
    assertThat(revoked.json().getString("status")).isEqualTo("REVOKED");
    assertThat(f.post(path, "dev-dept-medical-insurance", falseOne).status()).as("verified once").isEqualTo(409);
    assertThat(f.eventTypes(caseId)).contains("CommitmentVerified", "ItemRevoked");

    JsonObject item = RouterFixture.item(f.caseView(caseId), "remote-medical-filing");
    assertThat(item.getString("status")).isEqualTo("REVOKED");
    assertThat(item.getJsonObject("result").getJsonArray("certificates").getJsonObject(0).getBoolean("revoked")).isTrue();
    JsonObject hotline = Await.value("hotline view", WAIT, () -> {
      JsonObject h = node.http().get("/api/v1/hotline/cases/" + caseId, "dev-hotline").json();
      return h.encode().contains("REVOKED") ? h : null;
    });
    JsonObject line = hotline.getJsonArray("items").stream().map(o -> (JsonObject) o).filter(i -> "REVOKED".equals(i.getString("status")))
        .findFirst().orElseThrow();
    assertThat(line.getString("statusText")).contains("撤销");
    assertThat(hotline.encode()).contains("证照已作废");
  }
}

package onego.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.NodeTest;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IntakeApiTest extends NodeTest {
  static final List<String> NATIONAL = List.of("enterprise-startup", "enterprise-operating-permit", "employee-hiring",
      "enterprise-real-estate", "enterprise-simple-deregistration", "newborn", "flexible-employment", "marriage-childbirth",
      "disability-assistance", "veteran-discharge", "house-transfer-utilities", "employee-retirement", "after-death");


  @Test
  void everyNationalThingAcceptsASubmissionBuiltFromItsNotice() {
    for (String thing : NATIONAL) {
      JsonObject notice = http.get("/api/v1/things/" + thing).json();
      JsonObject body = Submissions.fromNotice(notice, Submissions.idNumber());
      Http.Response r = http.postCase("dev-portal", "national-" + thing, body.encode());
      assertThat(r.status()).as(thing + ": " + r.body()).isEqualTo(201);
      JsonObject c = r.json();
      assertThat(r.header("Location")).isEqualTo("/api/v1/cases/" + c.getString("caseId"));
      assertThat(c.getString("status")).isEqualTo("SUBMITTED");
      assertThat(c.getString("channel")).isEqualTo("pc");
      assertThat(c.getJsonArray("items")).as(thing).isNotEmpty();
    }
    assertThat(TestServices.count("SELECT count(*) FROM cases")).isEqualTo(NATIONAL.size());
  }

  /**
   * A retiree who names no items gets the default selection, which leaves out the optional 城镇独生子女父母奖励金
   * (only holders of an 独生子女父母光荣证 qualify): nothing is asked for that they may not have. Naming it asks for
   * the certificate.
   */
  @Test
  void theRetireesDefaultSelectionAsksForNothingOnlySomeHave() {
    JsonObject notice = http.get("/api/v1/things/employee-retirement").json();
    String id = Submissions.retireeIdNumber(7);
    JsonObject body = Submissions.fromNotice(notice, id);
    // what only a holder of an 独生子女父母光荣证 has is left out of the body
    body.put("materials", new io.vertx.core.json.JsonArray(body.getJsonArray("materials").stream()
        .filter(o -> !((JsonObject) o).getString("code").equals("only-child-parents-certificate")).toList()));
    body.put("commitments", new io.vertx.core.json.JsonArray(body.getJsonArray("commitments").stream()
        .filter(c -> !c.equals("only-child-parents-certificate")).toList()));
    List.of("onlyChildName", "onlyChildIdNumber", "onlyChildCertificateNumber").forEach(body.getJsonObject("form")::remove);
    Http.Response r = http.postCase("dev-portal", "retiree-default", body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("code")))
        .containsExactly("normal-retirement", "retiree-medical-insurance-registration", "housing-fund-withdrawal");

    JsonObject withReward = body.copy().put("items", new io.vertx.core.json.JsonArray(List.of("normal-retirement", "only-child-parents-reward")));
    Http.Response refused = http.postCase("dev-portal", "retiree-reward", withReward.encode());
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.body()).contains("only-child-parents-certificate").contains("onlyChildName");
  }

  @Test
  void createdCaseIsCommittedWithItemsEventsAndDueDates() {
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    String id = Submissions.idNumber();
    Http.Response r = http.postCase("dev-portal", "nb-1", Submissions.fromNotice(notice, id).encode());
    assertThat(r.status()).isEqualTo(201);
    JsonObject c = r.json();
    String birth = CatalogApiTest.item(notice, "出生医学证明签发").getString("code");
    String hukou = CatalogApiTest.item(notice, "户口登记").getString("code");
    assertThat(status(c, birth)).isEqualTo("QUEUED");
    assertThat(status(c, hukou)).isEqualTo("WAITING");
    OffsetDateTime created = OffsetDateTime.parse(c.getString("createdAt"));
    OffsetDateTime birthDue = OffsetDateTime.parse(item(c, birth).getString("dueAt"));
    OffsetDateTime hukouDue = OffsetDateTime.parse(item(c, hukou).getString("dueAt"));
    assertThat(birthDue).isAfter(created);
    assertThat(hukouDue).as("a waiting item's clock starts after its prerequisite's").isAfter(birthDue);
    assertThat(c.getJsonObject("links").getString("events")).isEqualTo("/api/v1/cases/" + c.getString("caseId") + "/events");

    UUID caseId = UUID.fromString(c.getString("caseId"));
    assertThat(TestServices.count("SELECT count(*) FROM case_items WHERE case_id = '" + caseId + "'")).isEqualTo(c.getJsonArray("items").size());
    long queued = c.getJsonArray("items").stream().filter(o -> ((JsonObject) o).getString("status").equals("QUEUED")).count();
    assertThat(TestServices.count("SELECT count(*) FROM case_events WHERE case_id = '" + caseId + "'")).isEqualTo(1 + queued);
    assertThat(TestServices.count("SELECT max(seq) FROM case_events WHERE case_id = '" + caseId + "'")).isEqualTo(1 + queued);

    JsonObject read = http.get("/api/v1/cases/" + caseId, "dev-portal").json();
    assertThat(read.getString("status")).isEqualTo("SUBMITTED");
    assertThat(read.getJsonObject("applicant").getString("idNumber")).isEqualTo(id);
    assertThat(read.getJsonArray("items").size()).isEqualTo(c.getJsonArray("items").size());
    assertThat(read.getJsonArray("items").getJsonObject(0).fieldNames()).contains("itemId", "code", "name", "department",
        "status", "dueAt", "updatedAt", "result");
  }

  @Test
  void applicantCasesComeNewestFirst() {
    String id = Submissions.idNumber();
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    String first = http.postCase("dev-portal", "a-1", Submissions.fromNotice(notice, id).encode()).json().getString("caseId");
    String second = http.postCase("dev-portal", "a-2", Submissions.fromNotice(notice, id).encode()).json().getString("caseId");
    http.postCase("dev-portal", "a-3", Submissions.fromNotice(notice, Submissions.idNumber()).encode());
    JsonArray cases = http.get("/api/v1/applicants/" + id + "/cases", "dev-admin").json().getJsonArray("cases");
    assertThat(cases.stream().map(o -> ((JsonObject) o).getString("caseId")).toList()).containsExactly(second, first);
    assertThat(http.get("/api/v1/applicants/" + id + "/cases?limit=1", "dev-portal").json().getJsonArray("cases")).hasSize(1);
    assertThat(http.get("/api/v1/applicants/" + id + "/cases?limit=0", "dev-portal").status()).isEqualTo(400);
  }

  static JsonObject item(JsonObject c, String code) {
    return c.getJsonArray("items").stream().map(o -> (JsonObject) o).filter(i -> i.getString("code").equals(code)).findFirst().orElseThrow();
  }

  static String status(JsonObject c, String code) {
    return item(c, code).getString("status");
  }
}

package onego.server.router;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.AuditTables;
import onego.server.support.Await;
import onego.server.support.FakeDepartment;
import onego.server.support.Http;
import onego.server.support.LogCapture;
import onego.server.support.Outputs;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;

import static onego.server.router.RouterFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One case across the hall (线上线下融合): a window clerk serving the person present
 * ({@code X-Served-Person}) reads that person's cases filed online and hands in a supplement and an
 * owed material for them, is refused for anyone else, and every such access is on record as
 * {@code window-assist}; the pc channel's header grants nothing. Departments read a case as a
 * whole (国办 三(四), 五(二)): an involved one and the lead one, never another department's results
 * or the form; an uninvolved one 404.
 */
class OneCaseAcrossTheHallTest {
  private static final List<String> DEPARTMENTS = List.of("health", "public-security", "medical-insurance", "human-resources", "tax");
  private static FakeDepartment departments;
  private static TestNode node;
  private static Http http;
  private static RouterFixture f;

  @BeforeAll
  static void start() throws Exception {
    departments = new FakeDepartment();
    node = TestNode.start(Overlays.env(Overlays.pushAll(DEPARTMENTS, departments.url(), 8, 5000, 3)));
    http = node.http();
    f = new RouterFixture(http);
  }

  @AfterAll
  static void stop() {
    node.close();
    departments.close();
  }

  @BeforeEach
  void empty() {
    TestServices.resetTables();
    AuditTables.reset();
  }

  /** A newborn case for {@code applicant} filed by {@code token}'s channel without 结婚证 / 非婚生育说明 (both 容缺, owed). */
  private static JsonObject newborn(String token, String applicant) {
    JsonObject body = Submissions.fromNotice(http.get("/api/v1/things/newborn").json(), applicant);
    JsonArray kept = new JsonArray();
    body.getJsonArray("materials").forEach(m -> {
      String code = ((JsonObject) m).getString("code");
      if (!code.equals("marriage-certificate") && !code.equals("out-of-wedlock-birth-statement")) kept.add(m);
    });
    Http.Response r = http.postCase(token, "hall-" + System.nanoTime(), body.put("materials", kept).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private static Http.Response get(String path, String token, String served) {
    HttpRequest.Builder b = http.request(path).header("Authorization", "Bearer " + token);
    if (served != null) b.header("X-Served-Person", served);
    return http.send(b.GET().build());
  }

  private static Http.Response post(String path, String token, String served, JsonObject body) {
    HttpRequest.Builder b = http.request(path).header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    if (served != null) b.header("X-Served-Person", served);
    return http.send(b.POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
  }

  private static void awaitStatus(String caseId, String itemId, String status) {
    Await.until(itemId + " " + status, WAIT, () -> f.itemStatus(caseId, itemId).equals(status));
  }

  private static List<String> caseIds(Http.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("cases").stream().map(c -> ((JsonObject) c).getString("caseId")).toList();
  }

  @Test
  void aWindowClerkHelpsThePersonPresentWithACaseFiledOnlineAndNobodyElse() {
    String present = Submissions.idNumber();
    String other = Submissions.idNumber();
    JsonObject online = newborn("dev-portal", present);
    String caseId = online.getString("caseId");
    String othersCase = newborn("dev-portal", other).getString("caseId");

    // the person's cases from every channel, only with the person named
    assertThat(caseIds(get("/api/v1/applicants/" + present + "/cases", "dev-window", null))).as("without the header: the window's own only").isEmpty();
    assertThat(caseIds(get("/api/v1/applicants/" + present + "/cases", "dev-window", present))).containsExactly(caseId);
    Http.Response someoneElse = get("/api/v1/applicants/" + other + "/cases", "dev-window", present);
    assertThat(someoneElse.status()).isEqualTo(403);
    assertThat(someoneElse.errorCode()).isEqualTo("FORBIDDEN");

    Http.Response read = get("/api/v1/cases/" + caseId, "dev-window", present);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.json().getString("channel")).isEqualTo("pc");
    assertThat(read.json().getJsonObject("applicant").getString("idNumber")).isEqualTo(present);
    assertThat(get("/api/v1/cases/" + caseId, "dev-window", null).status()).as("no header: not the window's case").isEqualTo(404);
    assertThat(get("/api/v1/cases/" + othersCase, "dev-window", present).status()).as("someone else's case").isEqualTo(404);

    Http.Response bad = get("/api/v1/cases/" + caseId, "dev-window", "12345");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorCode()).isEqualTo("BAD_REQUEST");
    assertThat(bad.json().getJsonObject("error").getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("X-Served-Person");

    // 补正 for a RETURNED item, at the window
    String birth = RouterFixture.item(online, "birth-medical-certificate").getString("itemId");
    awaitStatus(caseId, birth, "DISPATCHED");
    assertThat(f.report("health", birth, new JsonObject().put("status", "RETURNED").put("note", "请补正：助产机构名称")).status()).isEqualTo(200);
    String supplement = "/api/v1/cases/" + caseId + "/items/" + birth + "/supplement";
    JsonObject corrected = new JsonObject().put("form", new JsonObject().put("birthHospital", "衡阳市妇幼保健院"));
    assertThat(post(supplement, "dev-window", other, corrected).status()).as("served person not on the case").isEqualTo(404);
    assertThat(post(supplement, "dev-window", null, corrected).status()).isEqualTo(404);
    Http.Response supplemented = post(supplement, "dev-window", present, corrected);
    assertThat(supplemented.status()).as(supplemented.body()).isEqualTo(200);
    assertThat(supplemented.json().getString("status")).isEqualTo("QUEUED");

    // 容缺: the owed 结婚证 handed in at the window
    String materials = "/api/v1/cases/" + caseId + "/materials";
    JsonObject marriage = new JsonObject().put("materials", new JsonArray().add(new JsonObject().put("code", "marriage-certificate").put("fileRef", "file-m")));
    assertThat(post(materials, "dev-window", other, marriage).status()).isEqualTo(404);
    assertThat(post(materials, "dev-window", null, marriage).status()).as("no longer any case without the person").isEqualTo(404);
    Http.Response handed = post(materials, "dev-window", present, marriage);
    assertThat(handed.status()).as(handed.body()).isEqualTo(200);
    assertThat(handed.json().getJsonArray("owed").encode()).contains("SUPPLIED");

    // on record: who, for whom, window-assist; the ID number only as a hash
    AuditTables.awaitSealed();
    List<String> rows = TestServices.column("SELECT action || '|' || actor_id || '|' || coalesce(case_id::text, '-') FROM audit_log"
        + " WHERE purpose = 'window-assist' ORDER BY day, day_seq");
    assertThat(rows).contains("APPLICANT_CASES_READ|key:dev-window|-", "CASE_READ|key:dev-window|" + caseId,
        "SUPPLEMENT_SUBMITTED|key:dev-window|" + caseId, "MATERIALS_SUPPLIED|key:dev-window|" + caseId);
    assertThat(TestServices.count("SELECT count(*) FROM audit_log WHERE purpose = 'window-assist' AND (subject LIKE '%" + present
        + "%' OR detail::text LIKE '%" + present + "%')")).as("never in clear").isZero();
  }

  @Test
  void theAgentPresentSeesTheCasesTheyFiledForSomeoneElseAndNothingOfThemIsLoggedInClear() {
    String agent = Submissions.idNumber();
    String applicant = Submissions.idNumber();
    JsonObject body = Submissions.fromNotice(http.get("/api/v1/things/newborn").json(), applicant)
        .put("agent", new JsonObject().put("name", "王建国").put("idNumber", agent).put("phone", "13912345678").put("relation", "祖父")
            .put("authorization", new JsonObject().put("ecertRef", "EC-power-of-attorney-" + agent)));
    Http.Response filed = http.postCase("dev-portal", "hall-" + System.nanoTime(), body.encode());
    assertThat(filed.status()).as(filed.body()).isEqualTo(201);
    String caseId = filed.json().getString("caseId");
    try (LogCapture logs = LogCapture.start()) {
      assertThat(caseIds(get("/api/v1/applicants/" + agent + "/cases", "dev-window", agent))).containsExactly(caseId);
      assertThat(get("/api/v1/cases/" + caseId, "dev-window", agent).status()).isEqualTo(200);
      assertThat(get("/api/v1/applicants/" + applicant + "/cases", "dev-window", agent).status()).isEqualTo(403);
      assertThat(logs.text()).doesNotContain(agent).doesNotContain(applicant);
    }
    AuditTables.awaitSealed();
    assertThat(TestServices.column("SELECT detail ->> 'as' FROM audit_log WHERE purpose = 'window-assist' AND action = 'CASE_READ'"))
        .containsExactly("agent");
  }

  /** An enterprise's case filed online: its legal representative at the window is served; anyone else is not. */
  @Test
  void anEnterprisesLegalRepresentativeAtTheWindowIsServedWithItsCase() {
    JsonObject body = Submissions.fromNotice(http.get("/api/v1/things/enterprise-financing").json(), Submissions.idNumber());
    String representative = Submissions.idNumber();
    body.getJsonObject("applicant").put("legalRepresentativeIdNumber", representative);
    Http.Response filed = http.postCase("dev-portal", "hall-" + System.nanoTime(), body.encode());
    assertThat(filed.status()).as(filed.body()).isEqualTo(201);
    String caseId = filed.json().getString("caseId");
    Http.Response served = get("/api/v1/cases/" + caseId, "dev-window", representative);
    assertThat(served.status()).as(served.body()).isEqualTo(200);
    AuditTables.awaitSealed();
    assertThat(TestServices.count("SELECT count(*) FROM audit_log WHERE purpose = 'window-assist' AND case_id = '" + caseId
        + "' AND detail->>'as' = 'legal-representative'")).isEqualTo(1);
    assertThat(get("/api/v1/cases/" + caseId, "dev-window", Submissions.idNumber()).status()).isEqualTo(404);
  }

  @Test
  void thePcChannelGetsNothingExtraFromTheHeader() {
    String person = Submissions.idNumber();
    String atTheWindow = newborn("dev-window", person).getString("caseId");
    String online = newborn("dev-portal", person).getString("caseId");
    assertThat(get("/api/v1/cases/" + atTheWindow, "dev-portal", person).status()).isEqualTo(404);
    assertThat(caseIds(get("/api/v1/applicants/" + person + "/cases", "dev-portal", person))).containsExactly(online);
    assertThat(get("/api/v1/cases/" + online, "dev-portal", "not-an-id").status()).as("ignored, not checked").isEqualTo(200);
    AuditTables.awaitSealed();
    assertThat(TestServices.count("SELECT count(*) FROM audit_log WHERE purpose = 'window-assist'")).isZero();
    // and the window, with the person, sees both
    assertThat(caseIds(get("/api/v1/applicants/" + person + "/cases", "dev-window", person))).containsExactlyInAnyOrder(atTheWindow, online);
  }

  @Test
  void theDepartmentsOfACaseAndItsLeadReadItAsAWhole() {
    String applicant = Submissions.idNumber();
    JsonObject c = newborn("dev-portal", applicant);
    String caseId = c.getString("caseId");
    String vaccination = RouterFixture.item(c, "vaccination-certificate").getString("itemId");
    awaitStatus(caseId, vaccination, "DISPATCHED");
    assertThat(f.report("health", vaccination, new JsonObject().put("status", "COMPLETED").put("result", Outputs.of("newborn", "vaccination-certificate")))
        .status()).isEqualTo(200);

    // public-security: an item of its own, not the lead
    Http.Response police = get("/api/v1/departments/public-security/cases/" + caseId, "dev-dept-public-security", null);
    assertThat(police.status()).as(police.body()).isEqualTo(200);
    JsonObject seen = police.json();
    assertThat(seen.getBoolean("lead")).isFalse();
    assertThat(seen.getJsonArray("items")).hasSize(c.getJsonArray("items").size());
    assertThat(seen.containsKey("form")).isFalse();
    assertThat(seen.containsKey("materials")).isFalse();
    JsonObject theirVaccination = seen.getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(i -> i.getString("itemId").equals(vaccination)).findFirst().orElseThrow();
    assertThat(theirVaccination.getString("status")).isEqualTo("COMPLETED");
    assertThat(theirVaccination.getString("department")).isEqualTo("health");
    assertThat(theirVaccination.containsKey("result")).as("another department's results").isFalse();
    assertThat(theirVaccination.getJsonObject("clock")).isNotNull();
    assertThat(seen.getJsonObject("applicant").getString("idNumber")).as("as on its work message").isEqualTo(applicant);

    // health: the lead (牵头单位) and the issuer, its own result shown
    JsonObject lead = get("/api/v1/departments/health/cases/" + caseId, "dev-dept-health", null).json();
    assertThat(lead.getBoolean("lead")).isTrue();
    assertThat(lead.getJsonArray("items").stream().map(o -> (JsonObject) o).filter(i -> i.getString("itemId").equals(vaccination))
        .findFirst().orElseThrow().getJsonObject("result")).isNotNull();

    // no item, not the lead: as if there were no case; another department's code: 403
    Http.Response civil = get("/api/v1/departments/civil-affairs/cases/" + caseId, "dev-dept-civil-affairs", null);
    assertThat(civil.status()).isEqualTo(404);
    assertThat(get("/api/v1/departments/health/cases/" + caseId, "dev-dept-civil-affairs", null).status()).isEqualTo(403);
    assertThat(get("/api/v1/departments/health/cases/not-a-case", "dev-dept-health", null).status()).isEqualTo(404);
    AuditTables.awaitSealed();
    assertThat(TestServices.count("SELECT count(*) FROM audit_log WHERE action = 'CASE_READ' AND purpose LIKE 'department:%'")).isEqualTo(2);
  }

  @Test
  void theThingsLeadDepartmentWithoutAnItemSeesTheCaseWithTheApplicantMaskedAndTheThemesOtherLeadsDoNot() {
    // 企业融资: development-reform leads the thing; its items are pboc-hengyang's, financial-office's and natural-resources'
    JsonObject financing = http.get("/api/v1/things/enterprise-financing").json();
    assertThat(financing.getString("leadDepartment")).isEqualTo("development-reform");
    JsonObject body = Submissions.fromNotice(financing, Submissions.idNumber());
    String creditCode = body.getJsonObject("applicant").getString("creditCode");
    Http.Response filed = http.postCase("dev-portal", "hall-" + System.nanoTime(), body.encode());
    assertThat(filed.status()).as(filed.body()).isEqualTo(201);
    Http.Response lead = get("/api/v1/departments/development-reform/cases/" + filed.json().getString("caseId"), "dev-dept-development-reform", null);
    assertThat(lead.status()).as(lead.body()).isEqualTo(200);
    assertThat(lead.json().getBoolean("lead")).isTrue();
    assertThat(lead.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("department"))).doesNotContain("development-reform");
    assertThat(lead.json().getJsonObject("applicant").getString("creditCode")).isNotEqualTo(creditCode).contains("*");

    // 居民身份证: public-security issues and leads it; education is one of the leads of the theme 证照办理, not of this
    // thing, and has no item in the case: it does not see the case (contract: an item's department or the thing's lead)
    JsonObject notice = http.get("/api/v1/things/id-card").json();
    assertThat(notice.getString("leadDepartment")).isEqualTo("public-security");
    Http.Response r = http.postCase("dev-portal", "hall-" + System.nanoTime(), Submissions.fromNotice(notice, Submissions.idNumber()).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    String caseId = r.json().getString("caseId");
    assertThat(get("/api/v1/departments/education/cases/" + caseId, "dev-dept-education", null).status()).isEqualTo(404);
    assertThat(get("/api/v1/departments/human-resources/cases/" + caseId, "dev-dept-human-resources", null).status()).isEqualTo(404);
    assertThat(get("/api/v1/departments/health/cases/" + caseId, "dev-dept-health", null).status()).isEqualTo(404);
    assertThat(get("/api/v1/departments/public-security/cases/" + caseId, "dev-dept-public-security", null).status()).isEqualTo(200);
  }

}

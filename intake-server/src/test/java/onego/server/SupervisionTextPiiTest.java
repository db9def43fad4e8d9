package onego.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.PiiSamples;
import onego.domain.PiiSamples.Person;
import onego.server.support.Http;
import onego.server.support.LiveNodeTest;
import onego.server.support.LogCapture;
import onego.server.support.Outputs;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The free texts of supervision on staff paths and in logs (issue "Accountability": "every new personal
 * field ... is masked on staff paths and in logs however it is written"), with generated people written in
 * odd forms (spaced, dashed, +86, full-width, lower-case x; a title written onto a name):
 * a card's explanation (reason, responsible person, measures) as admin and the card's department read it
 * (list, explanation answer, close answer), and a 告知承诺 verification note as the hotline reads the case
 * (its view, the masked case, its events, the REVOKED item). No log line holds a clear value either.
 */
class SupervisionTextPiiTest extends LiveNodeTest {
  private static LogCapture logs;

  @BeforeAll
  static void start() {
    startNode("");
    logs = LogCapture.start();
  }

  @AfterAll
  static void stopCapture() {
    logs.close();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {31, 32, 33})
  void aCardsExplanationIsMaskedForEveryStaffReader(long seed) {
    PiiSamples g = new PiiSamples(seed);
    Person applicant = g.person();
    Person officer = g.person();
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    JsonObject body = Submissions.fromNotice(notice, applicant.idNumber());
    body.put("applicant", new JsonObject().put("type", "person").put("idNumber", applicant.idNumber()).put("name", applicant.name())
        .put("phone", applicant.mobile()));
    String caseId = file(body);
    JsonObject item = http.get("/api/v1/cases/" + caseId, "dev-admin").json().getJsonArray("items").getJsonObject(0);
    String dept = item.getString("department");
    UUID cardId = UUID.randomUUID();
    TestServices.sql("INSERT INTO cards (card_id, cause, level, kind, case_id, item_id, department, raised_at, state) VALUES ('" + cardId
        + "', 'deadline:red:" + item.getString("itemId") + "', 'red', 'deadline', '" + caseId + "', '" + item.getString("itemId") + "', '"
        + dept + "', now(), 'OPEN')");

    JsonObject explanation = new JsonObject()
        .put("reason", "申请人" + applicant.name() + "（身份证 " + g.writeId(applicant.idNumber()) + "，电话" + g.writePhone(applicant.mobile())
            + "）材料迟交，住" + applicant.address().full())
        .put("responsiblePerson", "科长" + officer.name() + " " + g.writePhone(officer.mobile()))
        .put("measures", "由" + officer.name() + "每日回访，联系" + g.writeLandline(officer.landline()));
    String cardPath = "/api/v1/supervision/cards/" + cardId;
    Map<String, String> surfaces = new LinkedHashMap<>();
    surfaces.put("explanation answer", ok(post(cardPath + "/explanation", "dev-dept-" + dept, explanation)).body());
    surfaces.put("admin's list", ok(http.get("/api/v1/supervision/cards", "dev-admin")).body());
    surfaces.put("the department's list", ok(http.get("/api/v1/supervision/cards?state=EXPLAINED", "dev-dept-" + dept)).body());
    surfaces.put("close answer", ok(post(cardPath + "/close", "dev-admin", new JsonObject().put("verdict", "upheld"))).body());
    surfaces.put("log lines", logs.text());

    for (var s : surfaces.entrySet()) {
      assertThat(PiiSamples.leaks(s.getValue(), applicant)).as("applicant data on " + s.getKey() + ": " + s.getValue()).isEmpty();
      assertThat(PiiSamples.leaks(s.getValue(), officer)).as("the responsible person on " + s.getKey() + ": " + s.getValue()).isEmpty();
    }
    JsonObject shown = new JsonObject(surfaces.get("explanation answer")).getJsonObject("explanation");
    assertThat(shown.getString("responsiblePerson")).startsWith("科").contains("*");
    assertThat(shown.getString("reason")).contains("材料迟交");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {41, 42, 43})
  void aVerificationNoteIsMaskedOnEveryHotlineSurface(long seed) {
    PiiSamples g = new PiiSamples(seed);
    Person applicant = g.person();
    JsonObject notice = http.get("/api/v1/things/flexible-employment").json();
    JsonObject body = Submissions.fromNotice(notice, applicant.idNumber());
    body.put("applicant", new JsonObject().put("type", "person").put("idNumber", applicant.idNumber()).put("name", applicant.name())
        .put("phone", applicant.mobile()));
    JsonArray files = new JsonArray();
    body.getJsonArray("materials").forEach(o -> files.add(new JsonObject().put("code", ((JsonObject) o).getString("code"))
        .put("fileRef", "file-" + ((JsonObject) o).getString("code"))));
    body.put("materials", files);
    String material = body.getJsonArray("commitments").getString(0);
    String caseId = file(body);
    JsonObject item = http.get("/api/v1/cases/" + caseId, "dev-admin").json().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(i -> notice.getJsonArray("materials").stream().map(m -> (JsonObject) m)
            .anyMatch(m -> m.getString("code").equals(material) && m.getJsonArray("usedBy").contains(i.getString("code"))))
        .findFirst().orElseThrow();
    String itemId = item.getString("itemId");
    String dept = item.getString("department");
    TestServices.sql("UPDATE case_items SET status = 'DISPATCHED' WHERE item_id = '" + itemId + "'");
    ok(post("/api/v1/departments/" + dept + "/items/" + itemId + "/status", "dev-dept-" + dept,
        new JsonObject().put("status", "COMPLETED").put("result", Outputs.of("flexible-employment", item.getString("code")))));
    String note = "经核查，" + applicant.name() + "（" + g.writeId(applicant.idNumber()) + "，" + g.writePhone(applicant.mobile())
        + "）承诺不实，实际住" + applicant.address().full();
    JsonObject revoked = ok(post("/api/v1/departments/" + dept + "/items/" + itemId + "/verification", "dev-dept-" + dept,
        new JsonObject().put("material", material).put("outcome", "false").put("note", note))).json();
    assertThat(revoked.getString("status")).isEqualTo("REVOKED");

    Map<String, String> surfaces = new LinkedHashMap<>();
    surfaces.put("hotline view", ok(http.get("/api/v1/hotline/cases/" + caseId, "dev-hotline")).body());
    surfaces.put("case as hotline", ok(http.get("/api/v1/cases/" + caseId, "dev-hotline")).body());
    String events = ok(http.get("/api/v1/cases/" + caseId + "/events", "dev-hotline")).body();
    surfaces.put("events as hotline", events);
    surfaces.put("log lines", logs.text());
    assertThat(events).contains("CommitmentVerified").contains("ItemRevoked");
    for (var s : surfaces.entrySet()) {
      assertThat(PiiSamples.leaks(s.getValue(), applicant)).as("applicant data on " + s.getKey() + ": " + s.getValue()).isEmpty();
    }
  }

  private static String file(JsonObject body) {
    Http.Response r = http.postCase("dev-portal", "stp-" + UUID.randomUUID(), body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("caseId");
  }

  private static Http.Response post(String path, String token, JsonObject body) {
    return http.send(http.request(path).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
  }

  private static Http.Response ok(Http.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r;
  }
}

package onego.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.IdNumbers;
import onego.domain.PersonNames;
import onego.server.support.Http;
import onego.server.support.NodeTest;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the real HTTP server: names as long as people's names (every person-name field takes
 * {@link PersonNames#MIN_MAX_LENGTH} characters, one more is a 422 naming the field), impossible
 * dates refused with a 422 on the field (DatePlausibility), and form values stored (and so
 * forwarded) in the canonical form of their type. Future dates are far in the future so the node's
 * clock never matters.
 */
class FormPlausibilityTest extends NodeTest {
  private static final String FIFTY = "阿".repeat(49) + "𠀀";

  private static JsonObject notice(String thing) {
    return http.get("/api/v1/things/" + thing).json();
  }

  private static JsonObject valid(String thing) {
    return Submissions.fromNotice(notice(thing), Submissions.idNumber());
  }

  /** A newborn body choosing every item, so every newborn field is asked. */
  private static JsonObject wholeNewborn() {
    JsonObject notice = notice("newborn");
    JsonArray items = new JsonArray();
    notice.getJsonArray("items").forEach(i -> items.add(((JsonObject) i).getString("code")));
    return Submissions.fromNotice(notice, Submissions.idNumber(), items.getList()).put("items", items);
  }

  /** A retirement body choosing early retirement only: commitments for the normal item's materials would be refused. */
  private static JsonObject earlyRetirement() {
    JsonObject notice = notice("employee-retirement");
    List<String> ofEarly = notice.getJsonArray("materials").stream().map(o -> (JsonObject) o)
        .filter(m -> m.getJsonArray("usedBy").contains("early-retirement")).map(m -> m.getString("code")).toList();
    JsonObject body = Submissions.fromNotice(notice, Submissions.idNumber(), List.of("early-retirement")).put("items", new JsonArray().add("early-retirement"));
    body.put("commitments", new JsonArray(body.getJsonArray("commitments").stream().filter(ofEarly::contains).toList()));
    return body;
  }

  private static Http.Response post(JsonObject body) {
    return http.postCase("dev-portal", "p-" + System.nanoTime(), body.encode());
  }

  private static String filed(JsonObject body) {
    Http.Response r = post(body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("caseId");
  }

  private static Map<String, String> refused(JsonObject body) {
    Http.Response r = post(body);
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.errorCode()).isEqualTo("VALIDATION_FAILED");
    assertThat(TestServices.count("SELECT count(*) FROM cases")).isZero();
    return r.json().getJsonObject("error").getJsonArray("details").stream().map(o -> (JsonObject) o)
        .collect(Collectors.toMap(d -> d.getString("field"), d -> d.getString("reason"), (a, b) -> a + "; " + b));
  }

  private static String stored(String caseId, String field) {
    return TestServices.column("SELECT form->>'" + field + "' FROM cases WHERE case_id = '" + caseId + "'").get(0);
  }

  /** A resident ID for a man (odd 17th digit) or a woman born on {@code yyyymmdd}. */
  private static String id(String yyyymmdd, boolean male) {
    String first17 = "430102" + yyyymmdd + (male ? "013" : "024");
    return first17 + IdNumbers.checkChar(first17);
  }

  @Test
  void aFiftyCharacterNameFilesInEveryPersonNameFieldAndTheFiftyFirstIsRefused() {
    assertThat(FIFTY.codePointCount(0, FIFTY.length())).as("the rare character outside the BMP counts once").isEqualTo(50);
    JsonObject body = wholeNewborn();
    List<String> names = List.of("babyName", "motherName", "fatherName");
    names.forEach(n -> body.getJsonObject("form").put(n, FIFTY));
    body.getJsonObject("applicant").put("name", FIFTY);
    String caseId = filed(body);
    assertThat(stored(caseId, "babyName")).isEqualTo(FIFTY);
    TestServices.resetTables();

    JsonObject tooLong = wholeNewborn();
    names.forEach(n -> tooLong.getJsonObject("form").put(n, FIFTY + "阿"));
    Map<String, String> errors = refused(tooLong);
    assertThat(errors).containsOnlyKeys("form.babyName", "form.motherName", "form.fatherName");
    assertThat(errors.get("form.babyName")).isEqualTo("must be at most 50 characters");
  }

  @Test
  void everyPublishedPersonNameFieldTakesFiftyCharacters() {
    JsonArray things = http.get("/api/v1/things").json().getJsonArray("things");
    int seen = 0;
    for (Object t : things) {
      JsonObject props = notice(((JsonObject) t).getString("code")).getJsonObject("form").getJsonObject("properties");
      for (String f : props.fieldNames()) {
        JsonObject p = props.getJsonObject(f);
        if (!PersonNames.isPersonName(p.getString("title"))) continue;
        seen++;
        assertThat(p.getInteger("maxLength")).as(f).isGreaterThanOrEqualTo(50);
      }
    }
    assertThat(seen).isPositive();
  }

  @Test
  void aNewbornBornInTheFutureIsRefused() {
    JsonObject body = valid("newborn");
    body.getJsonObject("form").put("babyBirthTime", "2062-03-01T08:30:00+08:00");
    assertThat(refused(body).get("form.babyBirthTime")).contains("in the future");
  }

  @Test
  void aDeathInTheFutureOrBeforeTheBirthIsRefused() {
    JsonObject future = valid("after-death");
    future.getJsonObject("form").put("deathTime", "2099-01-01T10:00:00+08:00").put("cremationDate", "2099-01-03");
    assertThat(refused(future).get("form.deathTime")).contains("in the future");

    JsonObject beforeBirth = valid("after-death");
    beforeBirth.getJsonObject("form").put("deceasedIdNumber", id("19800312", true)).put("deathTime", "1980-03-11T23:00:00+08:00")
        .put("cremationDate", "1980-03-13");
    assertThat(refused(beforeBirth).get("form.deathTime")).contains("before the birth date 1980-03-12");

    JsonObject crematedBefore = valid("after-death");
    crematedBefore.getJsonObject("form").put("deathTime", "2026-11-02T08:30:00+08:00").put("cremationDate", "2026-11-01");
    assertThat(refused(crematedBefore)).containsOnlyKeys("form.cremationDate");

    JsonObject sameDay = valid("after-death");
    sameDay.getJsonObject("form").put("deceasedIdNumber", id("19800312", true)).put("deathTime", "1980-03-12T23:00:00+08:00")
        .put("cremationDate", "1980-03-14");
    filed(sameDay);
  }

  @Test
  void normalRetirementBeforeTheStatutoryAgeIsRefusedAndAtItFiles() {
    JsonObject young = valid("employee-retirement");
    young.getJsonObject("form").put("applicantIdNumber", id("19900615", true)).put("retirementDate", "2030-01-01");
    assertThat(refused(young).get("form.retirementDate")).contains("statutory", "63 years", "2053-06");

    JsonObject atAge = valid("employee-retirement");
    atAge.getJsonObject("form").put("applicantIdNumber", id("19650115", true)).put("retirementDate", "2025-02-01");
    filed(atAge);
    TestServices.resetTables();

    JsonObject oneMonthEarly = valid("employee-retirement");
    oneMonthEarly.getJsonObject("form").put("applicantIdNumber", id("19650115", true)).put("retirementDate", "2025-01-31");
    assertThat(refused(oneMonthEarly)).containsOnlyKeys("form.retirementDate");
  }

  @Test
  void earlyRetirementHasItsOwnLowerBounds() {
    JsonObject special = earlyRetirement();
    special.getJsonObject("form").put("applicantIdNumber", id("19800510", false)).put("retirementDate", "2026-06-01")
        .put("earlyRetirementReason", "特殊工种");
    filed(special);
    TestServices.resetTables();

    JsonObject tooYoung = earlyRetirement();
    tooYoung.getJsonObject("form").put("applicantIdNumber", id("19850510", false)).put("retirementDate", "2026-06-01")
        .put("earlyRetirementReason", "特殊工种");
    assertThat(refused(tooYoung).get("form.retirementDate")).contains("early retirement", "45 years");

    JsonObject flexible = earlyRetirement();
    flexible.getJsonObject("form").put("applicantIdNumber", id("19800510", false)).put("retirementDate", "2026-06-01")
        .put("earlyRetirementReason", "其他符合规定情形");
    assertThat(refused(flexible).get("form.retirementDate")).as("弹性提前退休 never below the original 50").contains("50 years");
  }

  @Test
  void valuesAreStoredInTheCanonicalFormOfTheirType() {
    JsonObject body = wholeNewborn();
    body.getJsonObject("form").put("babyBirthWeight", 3200.0).put("babyBirthTime", "2016-12-31t23:59:60z");
    String caseId = filed(body);
    assertThat(stored(caseId, "babyBirthWeight")).isEqualTo("3200");
    assertThat(stored(caseId, "babyBirthTime")).isEqualTo("2016-12-31T23:59:59Z");
    TestServices.resetTables();

    JsonObject atOffset = wholeNewborn();
    atOffset.getJsonObject("form").put("babyBirthTime", "2017-01-01T07:59:60.5+08:00");
    assertThat(stored(filed(atOffset), "babyBirthTime")).isEqualTo("2017-01-01T07:59:59.5+08:00");
    TestServices.resetTables();

    JsonObject notALeapSecond = wholeNewborn();
    notALeapSecond.getJsonObject("form").put("babyBirthTime", "2016-12-31T12:00:60+08:00");
    assertThat(refused(notALeapSecond)).containsOnlyKeys("form.babyBirthTime");
  }
}

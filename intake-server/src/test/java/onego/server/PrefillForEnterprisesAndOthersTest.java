package onego.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.AuditTables;
import onego.server.support.Http;
import onego.server.support.Jwts;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prefill by an enterprise's credit code, and of the fields about another person the form names
 * ({@code about.<field>}: the deceased, the baby's mother), against the fake platform, through the
 * cache, one audit row per subject read; bad credit codes and about parameters 400 with details.
 */
class PrefillForEnterprisesAndOthersTest {
  private static SharedDataTest.FakePlatform platform;
  private static TestNode node;
  private static Http http;

  @BeforeAll
  static void start() throws IOException {
    platform = new SharedDataTest.FakePlatform();
    node = TestNode.start(Overlays.env("sharedData:\n  url: \"" + platform.url() + "\"\n  keySalt: \"" + UUID.randomUUID() + "\"\n"));
    http = node.http();
  }

  @AfterAll
  static void stop() {
    node.close();
    platform.close();
  }

  @BeforeEach
  void reset() {
    AuditTables.reset();
  }

  private static List<String> prefillRows() {
    AuditTables.awaitSealed();
    return TestServices.column("SELECT purpose || '|' || detail::text FROM audit_log WHERE action = 'PREFILL_READ' ORDER BY day, day_seq");
  }

  private static List<String> detailFields(Http.Response r) {
    JsonArray details = r.json().getJsonObject("error").getJsonArray("details");
    return details.stream().map(d -> ((JsonObject) d).getString("field")).toList();
  }

  @Test
  void anEnterpriseThingPrefillsFromTheCreditCodeThroughTheCache() {
    String code = Submissions.creditCode();
    Http.Response r = http.get("/api/v1/things/enterprise-change/prefill?creditCode=" + code.toLowerCase(), "dev-window");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject fields = r.json().getJsonObject("fields");
    assertThat(fields.getJsonObject("enterpriseName").getString("value")).isEqualTo("衡阳市恒通商贸有限公司");
    assertThat(fields.getJsonObject("creditCode").getString("value")).isEqualTo(code);
    assertThat(fields.getJsonObject("enterpriseName").getString("source")).isEqualTo("market-entity");
    assertThat(fields.getJsonObject("legalRepresentativeName").getString("value")).isEqualTo("陈伟");
    assertThat(http.get("/api/v1/things/enterprise-change/prefill?creditCode=" + code, "dev-window").status()).isEqualTo(200);
    assertThat(platform.calls(code, "market-entity")).as("the second read from the cache").isEqualTo(1);
    assertThat(prefillRows()).hasSize(2).allMatch(row -> row.startsWith("thing:enterprise-change|"));
  }

  @Test
  void badCreditCodesAndWrongSubjectsAre400() {
    String code = Submissions.creditCode();
    String broken = code.substring(0, 17) + (code.charAt(17) == '0' ? '1' : '0');
    Http.Response checksum = http.get("/api/v1/things/enterprise-change/prefill?creditCode=" + broken, "dev-window");
    assertThat(checksum.status()).isEqualTo(400);
    assertThat(checksum.errorCode()).isEqualTo("BAD_REQUEST");
    assertThat(detailFields(checksum)).containsExactly("creditCode");
    assertThat(http.get("/api/v1/things/enterprise-change/prefill?creditCode=91430100", "dev-window").status()).isEqualTo(400);
    Http.Response person = http.get("/api/v1/things/newborn/prefill?creditCode=" + code, "dev-window");
    assertThat(person.status()).as("a thing a person applies for").isEqualTo(400);
    assertThat(detailFields(person)).containsExactly("creditCode");
    Http.Response both = http.get("/api/v1/things/enterprise-change/prefill?creditCode=" + code + "&idNumber=" + Submissions.idNumber(), "dev-window");
    assertThat(both.status()).isEqualTo(400);
    assertThat(detailFields(both)).containsExactlyInAnyOrder("idNumber", "creditCode");
    assertThat(detailFields(http.get("/api/v1/things/enterprise-change/prefill", "dev-window"))).containsExactlyInAnyOrder("idNumber", "creditCode");
    assertThat(prefillRows()).isEmpty();
  }

  @Test
  void theDeceasedsFieldsComeFromTheirOwnRecordOneAuditRowPerPerson() {
    String applicant = Submissions.idNumber();
    String deceased = Submissions.retireeIdNumber(11);
    Http.Response r = http.get("/api/v1/things/after-death/prefill?idNumber=" + applicant + "&about.deceasedIdNumber=" + deceased, "dev-window");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject name = r.json().getJsonObject("fields").getJsonObject("deceasedName");
    assertThat(name.getString("value")).isEqualTo("周建国");
    assertThat(name.getString("about")).isEqualTo("deceasedIdNumber");
    assertThat(platform.calls(deceased, "population")).isEqualTo(1);
    List<String> rows = prefillRows();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1)).startsWith("thing:after-death|").contains("\"about\": \"deceasedIdNumber\"").contains("deceasedName", "deceasedHouseholdAddress");
    assertThat(rows.get(0)).doesNotContain("deceasedName");
    assertThat(String.join(";", rows)).doesNotContain(deceased).doesNotContain(applicant);
  }

  @Test
  void theBabysMotherFromHerOwnRecord() {
    String mother = Submissions.idNumber();
    JsonObject plain = http.get("/api/v1/things/newborn/prefill?idNumber=" + Submissions.idNumber(), "dev-window").json();
    assertThat(plain.getJsonObject("fields").getJsonObject("motherName").getString("value")).as("from the applicant's record").isEqualTo("李娜");
    JsonObject about = http.get("/api/v1/things/newborn/prefill?idNumber=" + Submissions.idNumber() + "&about.motherIdNumber=" + mother, "dev-window").json();
    assertThat(about.getJsonObject("fields").getJsonObject("motherName").getString("value")).isEqualTo("吴芳");
    assertThat(about.getJsonObject("fields").getJsonObject("fatherName").getString("value")).as("still the applicant's").isEqualTo("张伟");
    String self = Jwts.dev(new JsonObject().put("role", "applicant").put("sub", mother));
    assertThat(http.get("/api/v1/things/newborn/prefill?idNumber=" + mother + "&about.motherIdNumber=" + mother, self).status())
        .as("the mother names herself").isEqualTo(200);
    assertThat(http.get("/api/v1/things/newborn/prefill?idNumber=" + mother + "&about.fatherIdNumber=" + Submissions.idNumber(), self).status())
        .as("an applicant naming someone else").isEqualTo(403);
  }

  @Test
  void aboutAFieldTheThingLacksOrAnInvalidIdIs400WithDetails() {
    String applicant = Submissions.idNumber();
    Http.Response lacks = http.get("/api/v1/things/newborn/prefill?idNumber=" + applicant + "&about.deceasedIdNumber=" + Submissions.idNumber(), "dev-window");
    assertThat(lacks.status()).isEqualTo(400);
    assertThat(detailFields(lacks)).containsExactly("about.deceasedIdNumber");
    Http.Response unknown = http.get("/api/v1/things/newborn/prefill?idNumber=" + applicant + "&about.babyName=x&about.nobody=" + applicant, "dev-window");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(detailFields(unknown)).containsExactlyInAnyOrder("about.babyName", "about.nobody");
    Http.Response invalid = http.get("/api/v1/things/newborn/prefill?idNumber=" + applicant + "&about.motherIdNumber=43010219900101", "dev-window");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(detailFields(invalid)).containsExactly("about.motherIdNumber");
    assertThat(prefillRows()).isEmpty();
  }
}
